#include "server/web/json_builder.h"

#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/log.h"
#include "domain/county_time.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/type_resolver.h"
#include "google/protobuf/util/type_resolver_util.h"

namespace baoxue::web {
namespace {

using ::google::protobuf::Value;

constexpr absl::string_view kTypeUrlPrefix = "type.googleapis.com";

// MessageToJsonString prints a Struct's members in hash-map order, which
// changes between runs. It is BinaryToJsonString over the message's bytes,
// so print deterministic bytes (map entries sorted by key) the same way.
std::string PrintSorted(const Value& value, bool indent) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream raw(&bytes);
    google::protobuf::io::CodedOutputStream coded(&raw);
    coded.SetSerializationDeterministic(true);
    value.SerializeToCodedStream(&coded);
  }
  const std::unique_ptr<google::protobuf::util::TypeResolver> resolver(
      google::protobuf::util::NewTypeResolverForDescriptorPool(
          std::string(kTypeUrlPrefix),
          google::protobuf::DescriptorPool::generated_pool()));
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = indent;
  const auto status = google::protobuf::util::BinaryToJsonString(
      resolver.get(),
      absl::StrCat(kTypeUrlPrefix, "/", Value::descriptor()->full_name()),
      bytes, &json, options);
  if (!status.ok()) {
    // Not expected for a tree of strings, finite numbers and booleans.
    LogError(absl::StrCat("JSON printing failed: ",
                          static_cast<int>(status.code())));
    return "null";
  }
  return json;
}

}  // namespace

JsonBuilder::JsonBuilder() : root_(std::make_unique<Value>()) {}
JsonBuilder::~JsonBuilder() = default;

Value& JsonBuilder::NextValue() {
  if (open_.empty()) return *root_;
  Value& container = *open_.back();
  if (container.has_list_value()) {
    return *container.mutable_list_value()->add_values();
  }
  Value& member = (*container.mutable_struct_value()->mutable_fields())[key_];
  key_.clear();
  return member;
}

JsonBuilder& JsonBuilder::BeginObject() {
  Value& object = NextValue();
  object.mutable_struct_value();
  open_.push_back(&object);
  return *this;
}
JsonBuilder& JsonBuilder::EndObject() {
  open_.pop_back();
  return *this;
}
JsonBuilder& JsonBuilder::BeginArray() {
  Value& array = NextValue();
  array.mutable_list_value();
  open_.push_back(&array);
  return *this;
}
JsonBuilder& JsonBuilder::EndArray() {
  open_.pop_back();
  return *this;
}
JsonBuilder& JsonBuilder::Key(absl::string_view key) {
  key_ = std::string(key);
  return *this;
}
JsonBuilder& JsonBuilder::String(absl::string_view value) {
  NextValue().set_string_value(std::string(value));
  return *this;
}
JsonBuilder& JsonBuilder::Number(double value) {
  // Protobuf would print "Infinity"/"NaN", which JSON does not have.
  if (!std::isfinite(value)) return Null();
  NextValue().set_number_value(value);
  return *this;
}
JsonBuilder& JsonBuilder::Int(int64_t value) {
  NextValue().set_number_value(static_cast<double>(value));
  return *this;
}
JsonBuilder& JsonBuilder::Bool(bool value) {
  NextValue().set_bool_value(value);
  return *this;
}
JsonBuilder& JsonBuilder::Null() {
  NextValue().set_null_value(google::protobuf::NULL_VALUE);
  return *this;
}
JsonBuilder& JsonBuilder::Time(std::optional<absl::Time> value) {
  if (!value.has_value()) return Null();
  return String(domain::FormatCountyTime(*value));
}
JsonBuilder& JsonBuilder::Day(std::optional<absl::CivilDay> value) {
  if (!value.has_value()) return Null();
  return String(domain::FormatDay(*value));
}

std::string JsonBuilder::str() const { return PrintSorted(*root_, false); }
std::string JsonBuilder::indented() const { return PrintSorted(*root_, true); }

}  // namespace baoxue::web
