#ifndef BAOXUE_SERVER_RPC_CASES_SERVICE_H_
#define BAOXUE_SERVER_RPC_CASES_SERVICE_H_

#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "baoxue/v1/cases.grpc.pb.h"
#include "server/core/authenticator.h"
#include "server/core/case_desk.h"
#include "server/core/stream_quota.h"

namespace baoxue::rpc {

// gRPC front of core::CaseDesk. WatchCases polls the case events every
// `watch_poll`, checks its token again each time (UNAUTHENTICATED once it is
// revoked or expired), and ends when the client cancels or StopWatches() is
// called (at shutdown, so draining does not wait for open streams).
// Thread-safe; does not own its collaborators.
class CasesService final : public baoxue::v1::Cases::Service {
 public:
  // At most `watch_streams_per_caller` WatchCases streams per caller
  // (RESOURCE_EXHAUSTED beyond).
  CasesService(core::Authenticator* authenticator, const core::CaseDesk* desk,
               absl::Duration watch_poll = absl::Seconds(1),
               int watch_streams_per_caller = 4)
      : authenticator_(authenticator),
        desk_(desk),
        watch_poll_(watch_poll),
        watch_quota_(watch_streams_per_caller) {}

  // Ends every WatchCases stream (OK status) and refuses new ones.
  void StopWatches() {
    if (!stop_watches_.HasBeenNotified()) stop_watches_.Notify();
  }

  grpc::Status ListCases(grpc::ServerContext* context,
                         const baoxue::v1::ListCasesRequest* request,
                         baoxue::v1::ListCasesResponse* response) override;
  grpc::Status GetCase(grpc::ServerContext* context,
                       const baoxue::v1::GetCaseRequest* request,
                       baoxue::v1::Case* response) override;
  grpc::Status Acknowledge(grpc::ServerContext* context,
                           const baoxue::v1::AcknowledgeRequest* request,
                           baoxue::v1::Case* response) override;
  grpc::Status RecordAction(grpc::ServerContext* context,
                            const baoxue::v1::RecordActionRequest* request,
                            baoxue::v1::Case* response) override;
  grpc::Status Resolve(grpc::ServerContext* context,
                       const baoxue::v1::ResolveRequest* request,
                       baoxue::v1::Case* response) override;
  grpc::Status Reopen(grpc::ServerContext* context,
                      const baoxue::v1::ReopenRequest* request,
                      baoxue::v1::Case* response) override;
  grpc::Status Assign(grpc::ServerContext* context,
                      const baoxue::v1::AssignRequest* request,
                      baoxue::v1::Case* response) override;
  grpc::Status ListAssignees(
      grpc::ServerContext* context,
      const baoxue::v1::ListAssigneesRequest* request,
      baoxue::v1::ListAssigneesResponse* response) override;
  grpc::Status GetLedger(grpc::ServerContext* context,
                         const baoxue::v1::GetLedgerRequest* request,
                         baoxue::v1::Ledger* response) override;
  grpc::Status WatchCases(
      grpc::ServerContext* context,
      const baoxue::v1::WatchCasesRequest* request,
      grpc::ServerWriter<baoxue::v1::CaseEvent>* writer) override;

 private:
  // Runs `change` for the authenticated caller, then answers with the case.
  template <typename Change>
  grpc::Status ChangeCase(grpc::ServerContext* context, int64_t case_id,
                          Change change, baoxue::v1::Case* response);

  core::Authenticator* authenticator_;
  const core::CaseDesk* desk_;
  const absl::Duration watch_poll_;
  core::StreamQuota watch_quota_;
  absl::Notification stop_watches_;
};

}  // namespace baoxue::rpc

#endif  // BAOXUE_SERVER_RPC_CASES_SERVICE_H_
