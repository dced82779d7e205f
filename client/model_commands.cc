#include "client/model_commands.h"

#include <fstream>
#include <iostream>
#include <optional>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "client/drift_view.h"
#include "client/model_view.h"
#include "client/models_client.h"
#include "client/output.h"
#include "client/track_record_view.h"

ABSL_DECLARE_FLAG(bool, json);
ABSL_DECLARE_FLAG(int, horizon_days);
ABSL_DECLARE_FLAG(double, l2);
ABSL_DECLARE_FLAG(int, limit);
ABSL_FLAG(std::vector<std::string>, train_as_of, {},
          "model train: training snapshot dates YYYY-MM-DD, comma-separated "
          "(default: the server's)");
ABSL_FLAG(std::string, validation_as_of, "",
          "model train: the later validation snapshot date (default: last "
          "school day minus the horizon)");
ABSL_FLAG(double, class_weight, 1.0,
          "model train: weight of dropout rows in the loss");
ABSL_FLAG(double, high_precision, 0,
          "model train: choose the HIGH threshold for this precision (with "
          "--medium_precision)");
ABSL_FLAG(double, medium_precision, 0,
          "model train: choose the MEDIUM threshold for this precision");
ABSL_FLAG(int, high_cases, 0,
          "model train: HIGH cases each township can carry (with "
          "--medium_cases): thresholds by capacity");
ABSL_FLAG(int, medium_cases, 0,
          "model train: MEDIUM-or-above cases each township can carry");
ABSL_FLAG(int, cv_folds, 0,
          "model train: k-fold cross-validation on the training rows (2-10)");
ABSL_FLAG(std::string, feature_set, "",
          "model train: registry feature set version fs<N> (default: the "
          "server's configured set)");
ABSL_FLAG(std::string, validation, "later",
          "model train: later (a later snapshot), kfold (by student, "
          "--cv_folds folds, default 5) or holdout (--held_out_share of the "
          "students)");
ABSL_FLAG(double, held_out_share, 0.2,
          "model train --validation holdout: share of students held out");
ABSL_FLAG(bool, allow_no_validation_dropouts, false,
          "model train: save a candidate even if validation holds no dropout");
ABSL_FLAG(bool, force, false,
          "model activate: allow a lower validation AUC than the active one's");
ABSL_FLAG(int, days, 14, "model drift: days up to today (1-366)");
ABSL_FLAG(std::string, report, "",
          "model show: write the version's HTML report to this file");

namespace baoxue::client {

const char kModelUsage[] =
    "  model train [--train_as_of D,D..] [--validation_as_of D]\n"
    "              [--horizon_days N] [--l2 X] [--class_weight W]\n"
    "              [--high_precision P --medium_precision P |\n"
    "               --high_cases N --medium_cases N] [--cv_folds K]\n"
    "              [--feature_set fsN] [--validation later|kfold|holdout\n"
    "               [--held_out_share S]] [--allow_no_validation_dropouts]\n"
    "                                  train a candidate (progress on stderr)\n"
    "  model list                      every version, newest first\n"
    "  model show VERSION [--report FILE]\n"
    "                                  one version (and its HTML report)\n"
    "  model compare VERSION [OTHER]   side by side (OTHER: the active one)\n"
    "  model activate VERSION [--force]\n"
    "  model rollback                  back to the previously active version\n"
    "  model track-record [--limit N]  how past risk runs' flags turned out\n"
    "  model drift [VERSION] [--days N]\n"
    "                                  PSI, missing rate and mean shift of\n"
    "                                  each feature and the score vs training\n"
    "                                  (VERSION: the active one)\n";

namespace {

// The result as JSON (--json) or with `print` in the language of `words`.
template <typename Message>
absl::Status Show(const absl::StatusOr<Message>& result, Words words,
                  void (*print)(const Message&, Words, std::ostream&)) {
  return ShowResult(result, absl::GetFlag(FLAGS_json), words, print);
}

void DrawProgress(const baoxue::v1::TrainProgress& p) {
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(p.fraction() * kWidth + 0.5);
  std::cerr << "\r[" << std::string(filled, '#')
            << std::string(kWidth - filled, '.') << "] "
            << absl::StrFormat("%3d%% ", static_cast<int>(p.fraction() * 100))
            << absl::StrFormat("%-70.70s", p.message()) << std::flush;
}

absl::Status Train(const ModelsClient& client, Words words) {
  baoxue::v1::TrainRequest request;
  for (const std::string& day : absl::GetFlag(FLAGS_train_as_of)) {
    request.add_training_as_of_dates(day);
  }
  request.set_validation_as_of_date(absl::GetFlag(FLAGS_validation_as_of));
  request.set_horizon_days(absl::GetFlag(FLAGS_horizon_days));
  request.set_l2_penalty(absl::GetFlag(FLAGS_l2));
  request.set_positive_class_weight(absl::GetFlag(FLAGS_class_weight));
  request.set_high_precision_target(absl::GetFlag(FLAGS_high_precision));
  request.set_medium_precision_target(absl::GetFlag(FLAGS_medium_precision));
  request.set_high_cases_per_township(absl::GetFlag(FLAGS_high_cases));
  request.set_medium_cases_per_township(absl::GetFlag(FLAGS_medium_cases));
  request.set_cv_folds(absl::GetFlag(FLAGS_cv_folds));
  request.set_feature_set_version(absl::GetFlag(FLAGS_feature_set));
  const std::string validation = absl::GetFlag(FLAGS_validation);
  if (validation == "kfold") {
    request.set_validation(baoxue::v1::TrainRequest::VALIDATION_K_FOLD);
  } else if (validation == "holdout") {
    request.set_validation(baoxue::v1::TrainRequest::VALIDATION_HELD_OUT);
    request.set_held_out_share(absl::GetFlag(FLAGS_held_out_share));
  } else if (validation != "later") {
    return absl::InvalidArgumentError(
        "--validation must be later, kfold or holdout");
  }
  request.set_allow_no_validation_dropouts(
      absl::GetFlag(FLAGS_allow_no_validation_dropouts));
  absl::StatusOr<baoxue::v1::TrainProgress> done =
      client.Train(request, DrawProgress);
  std::cerr << "\n";
  return Show(
      done, words,
      +[](const baoxue::v1::TrainProgress& p, Words words, std::ostream& out) {
        out << words("新候选模型", "new candidate") << "\n";
        PrintModelSummary(p.model(), words, out);
      });
}

absl::Status ShowModel(const ModelsClient& client, const std::string& version,
                       Words words) {
  baoxue::v1::GetModelRequest request;
  request.set_version(version);
  const std::string report_path = absl::GetFlag(FLAGS_report);
  request.set_include_report(!report_path.empty());
  absl::StatusOr<baoxue::v1::GetModelResponse> response = client.Get(request);
  if (response.ok() && !report_path.empty()) {
    if (response->report_html().empty()) {
      return absl::NotFoundError(
          absl::StrCat("model ", version, " has no stored report"));
    }
    std::ofstream file(report_path, std::ios::binary);
    file << response->report_html();
    if (!file) {
      return absl::UnavailableError(absl::StrCat("cannot write ", report_path));
    }
    std::cerr << words("报告：", "report: ") << report_path << "\n";
    response->clear_report_html();
  }
  return Show(response, words, PrintModel);
}

absl::Status Compare(const ModelsClient& client, const std::string& version,
                     const std::string& other, Words words) {
  baoxue::v1::CompareModelsRequest request;
  request.set_version(version);
  request.set_other_version(other);
  return Show(client.Compare(request), words, PrintModelComparison);
}

}  // namespace

absl::Status RunModelCommand(std::shared_ptr<grpc::Channel> channel,
                             const std::string& token,
                             const std::vector<std::string>& args,
                             Words words) {
  const std::string usage = absl::StrCat("usage:\n", kModelUsage);
  if (args.empty()) return absl::InvalidArgumentError(usage);
  ModelsClient client(std::move(channel), token);
  const std::string& command = args[0];
  if (command == "train" && args.size() == 1) return Train(client, words);
  if (command == "list" && args.size() == 1)
    return Show(client.List(), words, PrintModelList);
  if (command == "show" && args.size() == 2)
    return ShowModel(client, args[1], words);
  if (command == "compare" && (args.size() == 2 || args.size() == 3)) {
    return Compare(client, args[1], args.size() == 3 ? args[2] : "", words);
  }
  if (command == "activate" && args.size() == 2) {
    baoxue::v1::ActivateModelRequest request;
    request.set_version(args[1]);
    request.set_force(absl::GetFlag(FLAGS_force));
    return Show(client.Activate(request), words, PrintActivation);
  }
  if (command == "track-record" && args.size() == 1) {
    baoxue::v1::GetTrackRecordRequest request;
    request.set_limit(absl::GetFlag(FLAGS_limit));
    return Show(client.GetTrackRecord(request), words, PrintTrackRecord);
  }
  if (command == "drift" && args.size() <= 2) {
    // A positional version: Abseil owns --version.
    baoxue::v1::GetDriftRequest request;
    if (args.size() == 2) request.set_version(args[1]);
    request.set_days(absl::GetFlag(FLAGS_days));
    return Show(client.GetDrift(request), words, PrintDrift);
  }
  if (command == "rollback" && args.size() == 1) {
    return Show(client.Rollback(), words, PrintActivation);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown or incomplete command 'model ",
                   absl::StrJoin(args, " "), "'\n", usage));
}

}  // namespace baoxue::client
