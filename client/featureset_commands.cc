#include "client/featureset_commands.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
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

std::string Range(const baoxue::v1::FeatureDefinition& f) {
  if (!f.has_min() && !f.has_max()) return "";
  return absl::StrCat(f.has_min() ? absl::StrFormat("%g", f.min()) : "", "..",
                      f.has_max() ? absl::StrFormat("%g", f.max()) : "");
}

void PrintSet(const baoxue::v1::FeatureSetDefinition& set, std::ostream& out) {
  out << "特征集 feature set " << set.version() << "  " << set.name()
      << "\n  created " << set.created_at() << " by " << set.created_by()
      << "\n  relation " << set.relation() << "\n";
  for (const baoxue::v1::FeatureDefinition& f : set.features()) {
    out << absl::StrFormat("  %-26s %-12s %s\n", f.name(), Range(f),
                           f.expression());
    if (!f.zh().empty() || !f.en().empty()) {
      out << "      " << f.zh() << " / " << f.en() << "\n";
    }
    if (f.measures_size() > 0) {
      out << "      措施 measures: " << absl::StrJoin(f.measures(), "; ")
          << "\n";
    }
  }
}

std::string Number(bool has, double value) {
  return has ? absl::StrFormat("%.4g", value) : "-";
}

void PrintTest(const baoxue::v1::TestFeatureSetResponse& r, std::ostream& out) {
  out << "测试 test as of " << r.as_of_date() << ": "
      << (r.ok() ? "通过 ok" : "失败 FAILED") << "\n";
  if (!r.relation_error().empty()) {
    out << "  relation: " << r.relation_error() << "\n";
    return;
  }
  out << "  relation: " << r.relation_rows() << " rows\n";
  out << absl::StrFormat("  %-26s %8s %8s %8s %10s %10s %10s\n", "feature",
                         "rows", "missing", "outside", "min", "max", "mean");
  for (const baoxue::v1::FeatureTestResult& f : r.features()) {
    if (!f.ok()) {
      out << absl::StrFormat("  %-26s ERROR: %s\n", f.name(), f.error());
      continue;
    }
    out << absl::StrFormat(
        "  %-26s %8d %8d %8d %10s %10s %10s\n", f.name(), f.rows(), f.missing(),
        f.out_of_range(), Number(f.has_minimum(), f.minimum()),
        Number(f.has_maximum(), f.maximum()), Number(f.has_mean(), f.mean()));
  }
}

template <typename Message, typename Printer>
absl::Status Show(const absl::StatusOr<Message>& result, Printer print) {
  if (!result.ok()) return result.status();
  if (absl::GetFlag(FLAGS_json)) {
    PrintJson(*result, std::cout);
    std::cout << "\n";
  } else {
    print(*result, std::cout);
  }
  return absl::OkStatus();
}

bool LooksLikeVersion(const std::string& arg) {
  return absl::StartsWith(arg, "fs") && arg.find('.') == std::string::npos &&
         arg.find('/') == std::string::npos;
}

}  // namespace

absl::Status RunFeatureSetCommand(std::shared_ptr<grpc::Channel> channel,
                                  const std::string& token,
                                  const std::vector<std::string>& args) {
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
    return Show(client.CreateFeatureSet(request), PrintSet);
  }
  if (command == "show" && args.size() == 2) {
    baoxue::v1::GetFeatureSetRequest request;
    request.set_version(args[1]);
    return Show(client.GetFeatureSet(request), PrintSet);
  }
  if (command == "show" && args.size() == 1) {
    return Show(
        client.ListFeatureSets(),
        [](const baoxue::v1::ListFeatureSetsResponse& r, std::ostream& out) {
          out << absl::StrFormat("%-8s %-24s %-21s %s\n", "version", "name",
                                 "created", "features");
          for (const baoxue::v1::FeatureSetDefinition& s : r.feature_sets()) {
            out << absl::StrFormat("%-8s %-24s %-21s %d\n", s.version(),
                                   s.name(), s.created_at(), s.features_size());
          }
        });
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
    absl::Status shown = Show(response, PrintTest);
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
