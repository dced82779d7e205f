#ifndef BAOXUE_BASE_STATUS_MACROS_H_
#define BAOXUE_BASE_STATUS_MACROS_H_

// Status propagation helpers for the whole project (Abseil 20220623 ships
// none).
//
//   BAOXUE_RETURN_IF_ERROR(DoThing());
//   BAOXUE_ASSIGN_OR_RETURN(auto model, RiskModel::Create(params));
//   BAOXUE_ASSIGN_OR_RETURN(existing_variable, ComputeIt());
//
// Both evaluate `expr` exactly once and return its non-OK absl::Status from
// the enclosing function (which must return absl::Status or absl::StatusOr<T>).
// The lhs of BAOXUE_ASSIGN_OR_RETURN can be a declaration (`auto x`,
// `std::string s`) or an existing lvalue; it may not contain commas (use a
// type alias). BAOXUE_ASSIGN_OR_RETURN expands to several statements, so do
// not use it as the unbraced body of an if/else/for.

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define BAOXUE_STATUS_MACROS_CONCAT_INNER_(x, y) x##y
#define BAOXUE_STATUS_MACROS_CONCAT_(x, y) \
  BAOXUE_STATUS_MACROS_CONCAT_INNER_(x, y)

#define BAOXUE_RETURN_IF_ERROR(expr)                            \
  do {                                                          \
    const ::absl::Status baoxue_status_macros_status_ = (expr); \
    if (!baoxue_status_macros_status_.ok()) {                   \
      return baoxue_status_macros_status_;                      \
    }                                                           \
  } while (false)

#define BAOXUE_ASSIGN_OR_RETURN(lhs, expr) \
  BAOXUE_ASSIGN_OR_RETURN_IMPL_(           \
      BAOXUE_STATUS_MACROS_CONCAT_(baoxue_statusor_, __LINE__), lhs, expr)

#define BAOXUE_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                  \
  if (!statusor.ok()) {                                    \
    return std::move(statusor).status();                   \
  }                                                        \
  lhs = std::move(statusor).value()

#endif  // BAOXUE_BASE_STATUS_MACROS_H_
