// Parity of TrainLogistic with scikit-learn's LogisticRegression on the
// shipped dataset tests/model/parity/parity_data.csv. The reference numbers in
// parity_reference.csv were computed independently by
// tests/model/parity/make_parity_reference.py (docs/evaluation.md says how to
// regenerate them); CI does not run Python, it reads the committed numbers.

#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "model/feature_catalog.h"
#include "model/trainer.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::model {
namespace {

using ::baoxue::testing::IsOk;

// Coefficients must agree to this relative difference (the bar).
constexpr double kRelativeTolerance = 1e-6;

std::vector<std::vector<std::string>> ReadCsv(const std::string& name) {
  std::ifstream in(std::string(BAOXUE_PARITY_DIR) + "/" + name);
  EXPECT_TRUE(in.good()) << "cannot open " << name;
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    rows.push_back(absl::StrSplit(line, ','));
  }
  return rows;
}

double ParseNumber(const std::string& text) {
  if (text.empty()) return std::numeric_limits<double>::quiet_NaN();
  double value;
  EXPECT_TRUE(absl::SimpleAtod(text, &value)) << text;
  return value;
}

struct Dataset {
  std::vector<std::string> names;
  Eigen::MatrixXd raw;
  Eigen::VectorXd labels;
};

Dataset LoadDataset() {
  const std::vector<std::vector<std::string>> rows = ReadCsv("parity_data.csv");
  Dataset data;
  if (rows.empty()) return data;
  data.names.assign(rows[0].begin(), rows[0].end() - 1);
  const Eigen::Index n = static_cast<Eigen::Index>(rows.size()) - 1;
  const Eigen::Index d = static_cast<Eigen::Index>(data.names.size());
  data.raw.resize(n, d);
  data.labels.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const std::vector<std::string>& row = rows[static_cast<size_t>(i + 1)];
    EXPECT_EQ(row.size(), static_cast<size_t>(d + 1)) << "row " << i;
    for (Eigen::Index j = 0; j < d; ++j) {
      data.raw(i, j) = ParseNumber(row[static_cast<size_t>(j)]);
    }
    data.labels[i] = ParseNumber(row.back());
  }
  return data;
}

struct Reference {
  double l2_penalty = 0;
  double positive_class_weight = 0;
  std::map<std::string, double> terms;  // "intercept" and feature names
};

std::map<std::string, Reference> LoadReference() {
  std::map<std::string, Reference> references;
  const std::vector<std::vector<std::string>> rows =
      ReadCsv("parity_reference.csv");
  for (size_t i = 1; i < rows.size(); ++i) {
    const std::vector<std::string>& row = rows[i];
    if (row.size() != 5) {
      ADD_FAILURE() << "reference row " << i << " has " << row.size()
                    << " fields";
      continue;
    }
    Reference& reference = references[row[0]];
    reference.l2_penalty = ParseNumber(row[1]);
    reference.positive_class_weight = ParseNumber(row[2]);
    reference.terms[row[3]] = ParseNumber(row[4]);
  }
  return references;
}

double RelativeDifference(double value, double reference) {
  return std::abs(value - reference) / std::abs(reference);
}

TEST(ParityTest, ShippedDatasetIsTheCatalogueWithMissingValues) {
  const Dataset data = LoadDataset();
  EXPECT_EQ(data.names, CatalogFeatureNames());
  EXPECT_EQ(data.raw.rows(), 2000);
  EXPECT_GT(data.labels.sum(), 50);
  EXPECT_TRUE(data.raw.hasNaN()) << "the dataset should exercise imputation";
}

TEST(ParityTest, CoefficientsMatchScikitLearnToOneInAMillion) {
  const Dataset data = LoadDataset();
  const std::map<std::string, Reference> references = LoadReference();
  ASSERT_EQ(references.size(), 3u);
  for (const auto& [config, reference] : references) {
    SCOPED_TRACE(config);
    TrainOptions options;
    options.l2_penalty = reference.l2_penalty;
    options.positive_class_weight = reference.positive_class_weight;
    absl::StatusOr<TrainResult> result =
        TrainLogistic(data.names, data.raw, data.labels, options);
    ASSERT_THAT(result, IsOk());
    EXPECT_LE(result->gradient_norm, 1e-8);
    ASSERT_EQ(reference.terms.size(), data.names.size() + 1);
    double worst = 0;
    EXPECT_LE(RelativeDifference(result->params.intercept(),
                                 reference.terms.at("intercept")),
              kRelativeTolerance);
    for (size_t j = 0; j < data.names.size(); ++j) {
      const double ours = result->params.weights(static_cast<int>(j));
      const double theirs = reference.terms.at(data.names[j]);
      const double difference = RelativeDifference(ours, theirs);
      worst = std::max(worst, difference);
      EXPECT_LE(difference, kRelativeTolerance)
          << data.names[j] << ": ours " << ours << ", sklearn " << theirs;
    }
    RecordProperty(config + "_worst_relative_difference", absl::StrCat(worst));
  }
}

}  // namespace
}  // namespace baoxue::model
