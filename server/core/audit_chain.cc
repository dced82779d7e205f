#include "server/core/audit_chain.h"

#include <openssl/sha.h>

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace baoxue::core {
namespace {

void AppendField(std::string& out, absl::string_view value) {
  absl::StrAppend(&out, value.size(), ":", value);
}

}  // namespace

std::string CanonicalAuditRow(int64_t audit_id,
                              const store::AuditEvent& event) {
  std::string out;
  AppendField(out, absl::StrCat(audit_id));
  AppendField(out, absl::StrCat(event.at_us));
  AppendField(out, event.caller);
  AppendField(out, event.role);
  AppendField(out, event.caller_area);
  AppendField(out, event.action);
  AppendField(out, absl::StrJoin(event.student_ids, ","));
  AppendField(out, event.target);
  AppendField(out, absl::StrCat(event.count));
  AppendField(out, event.peer);
  AppendField(out, event.result);
  return out;
}

std::string AuditRowHash(int64_t audit_id, const std::string& prev_hash,
                         const store::AuditEvent& event) {
  const std::string text = prev_hash + CanonicalAuditRow(audit_id, event);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(),
         digest);
  return std::string(reinterpret_cast<const char*>(digest), sizeof(digest));
}

absl::StatusOr<AuditVerification> VerifyAuditChain(store::AuditStore& store,
                                                   int page_size) {
  absl::StatusOr<store::AuditLink> anchor = store.Anchor();
  if (!anchor.ok()) return anchor.status();
  absl::StatusOr<store::AuditLink> head = store.Head();
  if (!head.ok()) return head.status();
  AuditVerification result;
  result.anchor_audit_id = anchor->audit_id;
  const auto broken = [&](int64_t id, std::string problem) {
    result.intact = false;
    result.first_bad_audit_id = id;
    result.problem = std::move(problem);
    return result;
  };
  std::string expected_prev = anchor->hash;
  int64_t last_id = anchor->audit_id;
  while (true) {
    absl::StatusOr<std::vector<store::AuditRow>> page =
        store.ReadChain(last_id, page_size);
    if (!page.ok()) return page.status();
    for (const store::AuditRow& row : *page) {
      if (row.audit_id != last_id + 1) {
        return broken(row.audit_id,
                      absl::StrCat("rows ", last_id + 1, " to ",
                                   row.audit_id - 1, " are missing"));
      }
      if (row.prev_hash != expected_prev) {
        return broken(row.audit_id,
                      "its prev_hash is not the previous row's hash (a row "
                      "before it was changed, removed or inserted)");
      }
      if (AuditRowHash(row.audit_id, row.prev_hash, row.event) !=
          row.row_hash) {
        return broken(row.audit_id,
                      "its content does not match its hash (the row was "
                      "edited)");
      }
      expected_prev = row.row_hash;
      last_id = row.audit_id;
      ++result.rows_checked;
    }
    if (static_cast<int>(page->size()) < page_size) break;
  }
  if (last_id != head->audit_id || expected_prev != head->hash) {
    return broken(last_id + 1,
                  absl::StrCat("the chain ends at row ", last_id,
                               " but the head says row ", head->audit_id,
                               " (rows at the end were removed)"));
  }
  return result;
}

}  // namespace baoxue::core
