#ifndef BAOXUE_CLIENT_MODEL_VIEW_H_
#define BAOXUE_CLIENT_MODEL_VIEW_H_

#include <ostream>

#include "baoxue/v1/models.pb.h"
#include "client/words.h"

namespace baoxue::client {

// The `model` commands' text in the one language of `words`. The first line
// of a summary is "版本 v3  候选" or "version v3  candidate". How a version
// was validated and its warnings are the server's own words (English), shown
// as it wrote them. Pure functions.

void PrintModelSummary(const baoxue::v1::ModelSummary& model, Words words,
                       std::ostream& out);
// `model show`: the summary, then the coefficients.
void PrintModel(const baoxue::v1::GetModelResponse& response, Words words,
                std::ostream& out);
// `model list`: a header, then one version a line, newest first.
void PrintModelList(const baoxue::v1::ListModelsResponse& response, Words words,
                    std::ostream& out);
// `model compare`: the two versions side by side.
void PrintModelComparison(const baoxue::v1::CompareModelsResponse& response,
                          Words words, std::ostream& out);
// `model activate` and `model rollback`.
void PrintActivation(const baoxue::v1::ActivateModelResponse& response,
                     Words words, std::ostream& out);

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_MODEL_VIEW_H_
