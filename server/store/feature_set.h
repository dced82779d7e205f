#ifndef BAOXUE_SERVER_STORE_FEATURE_SET_H_
#define BAOXUE_SERVER_STORE_FEATURE_SET_H_

#include <string>
#include <vector>

#include "baoxue/v1/model.pb.h"

namespace baoxue::store {

// The relation of the feature catalogue (deploy/sql/0002_features.sql).
inline constexpr char kCatalogueRelation[] =
    "baoxue.student_features($1::date)";

// A feature set: names -> SQL expressions over `relation`.
//
// `relation` is a SQL FROM item keyed by student_id that may use $1 for the
// as-of date (a date), e.g. the default "baoxue.student_features($1::date)" or
// "(SELECT * FROM staff.my_features WHERE as_of = $1::date)". Each expression
// is evaluated over the relation's columns and cast to float8 (NULL =
// missing). Both come from data staff (the registry or the server's
// configuration), never from a scoring request: see docs/models.md for the
// trust model.
struct FeatureSet {
  std::string relation;
  std::vector<baoxue::v1::FeatureDefinition> features;
  std::string version;  // "fs<N>" for a registry version, else empty
};

// Rows of a feature set's daily snapshot and live reads are told apart by
// this key: the set's version, else "model <model version>" (a model
// trained on the configured set carries its own copy of the definitions).
struct FeatureSetSource {
  FeatureSet set;
  std::string key;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_FEATURE_SET_H_
