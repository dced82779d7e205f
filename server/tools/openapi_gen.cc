// baoxue-openapi: writes the OpenAPI 3 description of the HTTP/JSON gateway
// (docs/openapi.json) from the protos themselves, so the document cannot
// drift from the service: the routes come from web::GatewayRoutes(), the
// request and response schemas from the compiled descriptors, and every
// description from the proto comments (a descriptor set built with
// --include_source_info --include_imports, made by proto/CMakeLists.txt).
//
//   baoxue-openapi <scoring.desc> <out.json>
//
// Exit 0 on success; 1 naming what is missing (a route's method not in the
// descriptors, a field type the JSON mapping here does not cover).
#include <cstdio>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "base/status_macros.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "server/web/http_status.h"
#include "server/web/json_builder.h"
#include "server/web/scoring_gateway.h"

namespace baoxue {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::MethodDescriptor;
using google::protobuf::SourceLocation;
using web::JsonBuilder;

constexpr char kSchemas[] = "#/components/schemas/";
constexpr char kStatusSchema[] = "Status";

// The leading comment of a descriptor, and its trailing one, as one text
// with the comment markers' space and the line breaks of a paragraph kept.
template <typename D>
std::string Comment(const D& descriptor) {
  SourceLocation location;
  if (!descriptor.GetSourceLocation(&location)) return "";
  std::vector<std::string> parts;
  for (const std::string& text :
       {location.leading_comments, location.trailing_comments}) {
    std::vector<std::string> lines;
    for (absl::string_view line : absl::StrSplit(text, '\n')) {
      absl::ConsumePrefix(&line, " ");
      lines.emplace_back(absl::StripTrailingAsciiWhitespace(line));
    }
    std::string joined(absl::StripAsciiWhitespace(absl::StrJoin(lines, "\n")));
    if (!joined.empty()) parts.push_back(std::move(joined));
  }
  return absl::StrJoin(parts, "\n");
}

void Description(JsonBuilder& json, const std::string& text) {
  if (!text.empty()) json.Key("description").String(text);
}

// Collects every message and enum reachable from the routes' messages.
struct Reachable {
  std::set<const Descriptor*> messages;
  std::set<const EnumDescriptor*> enums;

  void Add(const Descriptor* message) {
    if (!messages.insert(message).second) return;
    for (int i = 0; i < message->field_count(); ++i) {
      const FieldDescriptor* field = message->field(i);
      if (field->is_map()) {
        AddField(field->message_type()->map_value());
      } else {
        AddField(field);
      }
    }
  }
  void AddField(const FieldDescriptor* field) {
    if (field->type() == FieldDescriptor::TYPE_MESSAGE) {
      Add(field->message_type());
    } else if (field->type() == FieldDescriptor::TYPE_ENUM) {
      enums.insert(field->enum_type());
    }
  }
};

// The JSON schema of one value of `field` (not its repetition), as
// protobuf's JSON mapping prints and parses it.
absl::Status ValueSchema(const FieldDescriptor& field, JsonBuilder& json) {
  switch (field.type()) {
    case FieldDescriptor::TYPE_DOUBLE:
    case FieldDescriptor::TYPE_FLOAT:
      json.Key("type").String("number").Key("format").String(
          field.type() == FieldDescriptor::TYPE_DOUBLE ? "double" : "float");
      return absl::OkStatus();
    case FieldDescriptor::TYPE_INT32:
    case FieldDescriptor::TYPE_SINT32:
    case FieldDescriptor::TYPE_SFIXED32:
    case FieldDescriptor::TYPE_UINT32:
    case FieldDescriptor::TYPE_FIXED32:
      json.Key("type").String("integer").Key("format").String("int32");
      return absl::OkStatus();
    case FieldDescriptor::TYPE_INT64:
    case FieldDescriptor::TYPE_SINT64:
    case FieldDescriptor::TYPE_SFIXED64:
    case FieldDescriptor::TYPE_UINT64:
    case FieldDescriptor::TYPE_FIXED64:
      // 64-bit integers are JSON strings (exact beyond 2^53).
      json.Key("type").String("string").Key("format").String("int64");
      return absl::OkStatus();
    case FieldDescriptor::TYPE_BOOL:
      json.Key("type").String("boolean");
      return absl::OkStatus();
    case FieldDescriptor::TYPE_STRING:
      json.Key("type").String("string");
      return absl::OkStatus();
    case FieldDescriptor::TYPE_BYTES:
      json.Key("type").String("string").Key("format").String("byte");
      return absl::OkStatus();
    case FieldDescriptor::TYPE_ENUM:
      json.Key("$ref").String(
          absl::StrCat(kSchemas, field.enum_type()->full_name()));
      return absl::OkStatus();
    case FieldDescriptor::TYPE_MESSAGE:
      if (absl::StartsWith(field.message_type()->full_name(),
                           "google.protobuf.")) {
        break;  // well-known types have their own JSON forms
      }
      json.Key("$ref").String(
          absl::StrCat(kSchemas, field.message_type()->full_name()));
      return absl::OkStatus();
    default:
      break;
  }
  return absl::UnimplementedError(absl::StrCat(
      field.full_name(), ": type ", field.type_name(), " is not mapped"));
}

absl::Status FieldSchema(const FieldDescriptor& field, JsonBuilder& json) {
  json.BeginObject();
  std::string description = Comment(field);
  if (field.real_containing_oneof() != nullptr) {
    absl::StrAppend(&description, description.empty() ? "" : "\n",
                    "At most one field of `",
                    field.real_containing_oneof()->name(), "` is set.");
  }
  Description(json, description);
  if (field.is_map()) {
    json.Key("type").String("object").Key("additionalProperties").BeginObject();
    BAOXUE_RETURN_IF_ERROR(
        ValueSchema(*field.message_type()->map_value(), json));
    json.EndObject();
  } else if (field.is_repeated()) {
    json.Key("type").String("array").Key("items").BeginObject();
    BAOXUE_RETURN_IF_ERROR(ValueSchema(field, json));
    json.EndObject();
  } else {
    BAOXUE_RETURN_IF_ERROR(ValueSchema(field, json));
  }
  json.EndObject();
  return absl::OkStatus();
}

absl::Status MessageSchema(const Descriptor& message, JsonBuilder& json) {
  json.Key(message.full_name()).BeginObject();
  json.Key("type").String("object");
  Description(json, Comment(message));
  json.Key("properties").BeginObject();
  for (int i = 0; i < message.field_count(); ++i) {
    const FieldDescriptor& field = *message.field(i);
    json.Key(field.name());  // the proto name, as the gateway prints it
    BAOXUE_RETURN_IF_ERROR(FieldSchema(field, json));
  }
  json.EndObject().EndObject();
  return absl::OkStatus();
}

void EnumSchema(const EnumDescriptor& type, JsonBuilder& json) {
  json.Key(type.full_name()).BeginObject();
  json.Key("type").String("string");
  std::string description = Comment(type);
  json.Key("enum").BeginArray();
  for (int i = 0; i < type.value_count(); ++i) {
    const std::string& name = type.value(i)->name();
    json.String(name);
    const std::string value_comment = Comment(*type.value(i));
    if (!value_comment.empty()) {
      absl::StrAppend(&description, description.empty() ? "" : "\n", "- ", name,
                      ": ", value_comment);
    }
  }
  json.EndArray();
  Description(json, description);
  json.EndObject();
}

// The error body and which HTTP status each gRPC code answers, from the
// gateway's own mapping (web::HttpStatusOf).
void StatusSchema(JsonBuilder& json) {
  std::vector<std::string> mapping;
  for (int code = 1; code <= 16; ++code) {
    const auto status_code = static_cast<absl::StatusCode>(code);
    mapping.push_back(absl::StrCat(code, " ",
                                   absl::StatusCodeToString(status_code),
                                   ": HTTP ", web::HttpStatusOf(status_code)));
  }
  json.Key(kStatusSchema).BeginObject();
  json.Key("type").String("object");
  Description(json,
              absl::StrCat("A failed call (google.rpc.Status without details): "
                           "the gRPC status code and message the same call "
                           "over gRPC returns; INTERNAL and UNKNOWN say only "
                           "\"internal error\". HTTP status by code:\n",
                           absl::StrJoin(mapping, "\n")));
  json.Key("required").BeginArray().String("code").String("message").EndArray();
  json.Key("properties").BeginObject();
  json.Key("code").BeginObject().Key("type").String("integer");
  json.Key("format").String("int32");
  Description(json, "gRPC status code, e.g. 3 = INVALID_ARGUMENT");
  json.EndObject();
  json.Key("message").BeginObject().Key("type").String("string");
  Description(json, "what is wrong, naming the field");
  json.EndObject();
  json.EndObject().EndObject();
}

absl::Status Operation(const web::GatewayRoute& route,
                       const MethodDescriptor& method, JsonBuilder& json) {
  json.Key(route.path).BeginObject().Key("post").BeginObject();
  json.Key("operationId")
      .String(absl::StrCat(method.service()->name(), "_", method.name()));
  json.Key("summary").String(absl::StrCat("gRPC ", method.full_name()));
  Description(json, Comment(method));
  json.Key("tags").BeginArray().String(method.service()->name()).EndArray();
  json.Key("security").BeginArray().BeginObject().Key("bearer");
  json.BeginArray().EndArray().EndObject().EndArray();
  json.Key("requestBody").BeginObject().Key("required").Bool(true);
  json.Key("content").BeginObject().Key("application/json").BeginObject();
  json.Key("schema").BeginObject().Key("$ref").String(
      absl::StrCat(kSchemas, method.input_type()->full_name()));
  json.EndObject().EndObject().EndObject().EndObject();
  json.Key("responses").BeginObject();
  const auto response = [&json](const std::string& code,
                                const std::string& description,
                                const std::string& schema) {
    json.Key(code).BeginObject().Key("description").String(description);
    json.Key("content").BeginObject().Key("application/json").BeginObject();
    json.Key("schema").BeginObject().Key("$ref").String(
        absl::StrCat(kSchemas, schema));
    json.EndObject().EndObject().EndObject().EndObject();
  };
  response("200", "the response message", method.output_type()->full_name());
  response("default", "the call failed (see Status for the HTTP statuses)",
           kStatusSchema);
  json.EndObject().EndObject().EndObject();
  return absl::OkStatus();
}

absl::StatusOr<std::string> OpenApi(const std::string& descriptor_set_path) {
  std::ifstream in(descriptor_set_path, std::ios::binary);
  google::protobuf::FileDescriptorSet set;
  if (!in || !set.ParseFromIstream(&in)) {
    return absl::NotFoundError(absl::StrCat(
        "cannot read a descriptor set from ", descriptor_set_path));
  }
  google::protobuf::DescriptorPool pool;
  for (const google::protobuf::FileDescriptorProto& file : set.file()) {
    if (pool.BuildFile(file) == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("cannot build ", file.name(), " (imports first?)"));
    }
  }

  Reachable reachable;
  std::vector<const MethodDescriptor*> methods;
  for (const web::GatewayRoute& route : web::GatewayRoutes()) {
    const MethodDescriptor* method = pool.FindMethodByName(route.rpc);
    if (method == nullptr) {
      return absl::NotFoundError(absl::StrCat("route ", route.path,
                                              ": no method ", route.rpc, " in ",
                                              descriptor_set_path));
    }
    methods.push_back(method);
    reachable.Add(method->input_type());
    reachable.Add(method->output_type());
  }
  const google::protobuf::ServiceDescriptor& service = *methods[0]->service();

  JsonBuilder json;
  json.BeginObject().Key("openapi").String("3.0.3");
  json.Key("info").BeginObject();
  json.Key("title").String("Baoxue scoring API (HTTP/JSON gateway)");
  json.Key("version").String(service.file()->package());
  Description(
      json, absl::StrCat(
                Comment(service), "\n\nGenerated from ", service.file()->name(),
                " by baoxue-openapi (server/tools/openapi_gen.cc); do not "
                "edit. JSON is protobuf's JSON mapping: proto field names "
                "(lowerCamelCase accepted in requests), 64-bit integers as "
                "strings, enums by name, unknown request fields refused. "
                "How to call: docs/integration.md."));
  json.EndObject();
  json.Key("servers").BeginArray().BeginObject();
  json.Key("url").String("http://127.0.0.1:50180");
  Description(json, "the web server's http_listen_address (HTTPS with tls)");
  json.EndObject().EndArray();
  json.Key("paths").BeginObject();
  for (size_t i = 0; i < methods.size(); ++i) {
    BAOXUE_RETURN_IF_ERROR(
        Operation(web::GatewayRoutes()[i], *methods[i], json));
  }
  json.EndObject();
  json.Key("components").BeginObject();
  json.Key("securitySchemes").BeginObject().Key("bearer").BeginObject();
  json.Key("type").String("http").Key("scheme").String("bearer");
  Description(json,
              "A token from `baoxue token create` (the same as gRPC's "
              "`authorization: Bearer <token>` metadata).");
  json.EndObject().EndObject();
  json.Key("schemas").BeginObject();
  for (const Descriptor* message : reachable.messages) {
    BAOXUE_RETURN_IF_ERROR(MessageSchema(*message, json));
  }
  for (const EnumDescriptor* type : reachable.enums) EnumSchema(*type, json);
  StatusSchema(json);
  json.EndObject().EndObject().EndObject();
  return json.indented() + "\n";
}

}  // namespace
}  // namespace baoxue

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: baoxue-openapi <descriptor set> <out.json>\n");
    return 2;
  }
  const absl::StatusOr<std::string> document = baoxue::OpenApi(argv[1]);
  if (!document.ok()) {
    std::fprintf(stderr, "baoxue-openapi: %s\n",
                 std::string(document.status().message()).c_str());
    return 1;
  }
  std::ofstream out(argv[2], std::ios::binary | std::ios::trunc);
  out << *document;
  if (!out.flush()) {
    std::fprintf(stderr, "baoxue-openapi: cannot write %s\n", argv[2]);
    return 1;
  }
  return 0;
}
