#ifndef BAOXUE_CLIENT_FEATURESET_VIEW_H_
#define BAOXUE_CLIENT_FEATURESET_VIEW_H_

#include <ostream>

#include "baoxue/v1/models.pb.h"
#include "client/words.h"

namespace baoxue::client {

// The `featureset` commands' text in the one language of `words`. The first
// line of a set is "特征集 fs2  名称" or "feature set fs2  name"; names,
// expressions and the relation are the set's own (SQL) text, and the
// server's evaluation errors are PostgreSQL's words. Pure functions.

// `featureset create|show VERSION`: the set and each feature with its words
// and measures in this language.
void PrintFeatureSet(const baoxue::v1::FeatureSetDefinition& set, Words words,
                     std::ostream& out);
// `featureset show`: one version a line.
void PrintFeatureSets(const baoxue::v1::ListFeatureSetsResponse& response,
                      Words words, std::ostream& out);
// `featureset test`: passed or failed, then each feature's figures or error.
void PrintFeatureSetTest(const baoxue::v1::TestFeatureSetResponse& response,
                         Words words, std::ostream& out);

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_FEATURESET_VIEW_H_
