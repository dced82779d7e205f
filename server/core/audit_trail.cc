#include "server/core/audit_trail.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "base/log.h"

namespace baoxue::core {
namespace {

absl::Status RequireAuditReader(const Caller& caller) {
  if (MayReadAudit(caller)) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat(
      "role ", domain::Code(caller.role), " may not read the audit trail"));
}

}  // namespace

bool MayReadAudit(const Caller& caller) {
  return caller.role == store::CallerRole::kAdmin;
}

void AuditTrail::Record(store::AuditEvent event) const {
  if (event.at_us == 0) event.at_us = absl::ToUnixMicros(clock_->Now());
  const absl::Status written = store_->Append({std::move(event)}, AuditRowHash);
  if (!written.ok()) {
    LogError(absl::StrCat("audit row not written: ",
                          absl::StatusCodeToString(written.code())));
  }
}

absl::StatusOr<std::vector<store::AuditRow>> AuditTrail::Query(
    const Caller& caller, store::AuditQuery query) const {
  if (absl::Status allowed = RequireAuditReader(caller); !allowed.ok()) {
    return allowed;
  }
  if (query.limit == 0) query.limit = 100;
  if (query.limit < 1 || query.limit > 1000) {
    return absl::InvalidArgumentError("limit: between 1 and 1000");
  }
  return store_->Query(query);
}

absl::StatusOr<AuditVerification> AuditTrail::Verify(
    const Caller& caller) const {
  if (absl::Status allowed = RequireAuditReader(caller); !allowed.ok()) {
    return allowed;
  }
  return VerifyAuditChain(*store_);
}

absl::StatusOr<int64_t> AuditTrail::Prune(const Caller& caller) const {
  if (absl::Status allowed = RequireAuditReader(caller); !allowed.ok()) {
    return allowed;
  }
  return store_->Prune(absl::ToUnixMicros(clock_->Now() - retention_));
}

}  // namespace baoxue::core
