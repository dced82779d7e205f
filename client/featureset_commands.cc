#include "client/featureset_commands.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "client/featureset_view.h"
#include "client/models_client.h"
#include "client/output.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"

ABSL_DECLARE_FLAG(bool, json);
ABSL_DECLARE_FLAG(std::string, as_of);

namespace baoxue::client {

const char kFeatureSetUsage[] =
    "  featureset create FILE [--as_of D]\n"
    "                                  store a new version (FILE: text proto\n"
    "                                  or JSON FeatureSetDefinition), after\n"
    "                                  evaluating every expression\n"
    "  featureset show [VERSION]       one version (default: every version)\n"
    "  featureset test VERSION|FILE [--as_of D]\n"
    "                                  evaluate each expression alone\n";

namespace {

// A FeatureSetDefinition from a text-proto or JSON file.
absl::StatusOr<baoxue::v1::FeatureSetDefinition> ReadDefinition(
    const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << file.rdbuf();
  const std::string content = text.str();
  baoxue::v1::FeatureSetDefinition definition;
  if (absl::StartsWith(absl::StripLeadingAsciiWhitespace(content), "{")) {
    const auto parsed =
        google::protobuf::util::JsonStringToMessage(content, &definition);
    if (!parsed.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": not a FeatureSetDefinition in JSON: ",
                       parsed.message().ToString()));
    }
  } else if (!google::protobuf::TextFormat::ParseFromString(content,
                                                            &definition)) {
    return absl::InvalidArgumentError(
        absl::StrCat(path,
                     ": not a FeatureSetDefinition in text format (see "
                     "docs/models.md, \"Feature sets\")"));
  }
  return definition;
}

// The result as JSON (--json) or with `print` in the language of `words`.
template <typename Message>
absl::Status Show(const absl::StatusOr<Message>& result, Words words,
                  void (*print)(const Message&, Words, std::ostream&)) {
  return ShowResult(result, absl::GetFlag(FLAGS_json), words, print);
}

bool LooksLikeVersion(const std::string& arg) {
  return absl::StartsWith(arg, "fs") && arg.find('.') == std::string::npos &&
         arg.find('/') == std::string::npos;
}

}  // namespace

absl::Status RunFeatureSetCommand(std::shared_ptr<grpc::Channel> channel,
                                  const std::string& token,
                                  const std::vector<std::string>& args,
                                  Words words) {
  const std::string usage = absl::StrCat("usage:\n", kFeatureSetUsage);
  if (args.empty()) return absl::InvalidArgumentError(usage);
  ModelsClient client(std::move(channel), token);
  const std::string& command = args[0];
  if (command == "create" && args.size() == 2) {
    baoxue::v1::CreateFeatureSetRequest request;
    absl::StatusOr<baoxue::v1::FeatureSetDefinition> definition =
        ReadDefinition(args[1]);
    if (!definition.ok()) return definition.status();
    *request.mutable_feature_set() = *std::move(definition);
    request.set_test_as_of_date(absl::GetFlag(FLAGS_as_of));
    return Show(client.CreateFeatureSet(request), words, PrintFeatureSet);
  }
  if (command == "show" && args.size() == 2) {
    baoxue::v1::GetFeatureSetRequest request;
    request.set_version(args[1]);
    return Show(client.GetFeatureSet(request), words, PrintFeatureSet);
  }
  if (command == "show" && args.size() == 1) {
    return Show(client.ListFeatureSets(), words, PrintFeatureSets);
  }
  if (command == "test" && args.size() == 2) {
    baoxue::v1::TestFeatureSetRequest request;
    if (LooksLikeVersion(args[1])) {
      request.set_version(args[1]);
    } else {
      absl::StatusOr<baoxue::v1::FeatureSetDefinition> definition =
          ReadDefinition(args[1]);
      if (!definition.ok()) return definition.status();
      *request.mutable_definition() = *std::move(definition);
    }
    request.set_as_of_date(absl::GetFlag(FLAGS_as_of));
    absl::StatusOr<baoxue::v1::TestFeatureSetResponse> response =
        client.TestFeatureSet(request);
    absl::Status shown = Show(response, words, PrintFeatureSetTest);
    if (!shown.ok()) return shown;
    if (!response->ok()) {
      return absl::FailedPreconditionError(
          "the feature set does not evaluate (see above)");
    }
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown or incomplete command 'featureset ",
                   absl::StrJoin(args, " "), "'\n", usage));
}

}  // namespace baoxue::client
