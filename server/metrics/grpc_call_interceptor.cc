#include "server/metrics/grpc_call_interceptor.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "base/log.h"
#include "base/request_id.h"

namespace baoxue::metrics {
namespace {

using grpc::experimental::InterceptionHookPoints;

class GrpcCallInterceptor : public grpc::experimental::Interceptor {
 public:
  GrpcCallInterceptor(grpc::experimental::ServerRpcInfo* info,
                      CallMetrics* calls)
      : method_(info->method() != nullptr ? info->method() : "unknown"),
        calls_(calls),
        started_(absl::Now()) {}

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      TakeRequestId(*methods->GetRecvInitialMetadata());
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      if (request_id_.empty()) request_id_ = NewRequestId();
      methods->GetSendInitialMetadata()->emplace(kRequestIdKey, request_id_);
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      if (request_id_.empty()) request_id_ = NewRequestId();
      methods->GetSendTrailingMetadata()->emplace(kRequestIdKey, request_id_);
      Finish(methods->GetSendStatus());
    }
    methods->Proceed();
  }

 private:
  // Keeps the client's id if usable; otherwise puts a new one in its place
  // in the metadata the service reads. The map holds references: the id
  // lives in this interceptor, which lives as long as the call.
  void TakeRequestId(
      std::multimap<grpc::string_ref, grpc::string_ref>& metadata) {
    auto sent = metadata.find(kRequestIdKey);
    const absl::string_view sent_id =
        sent == metadata.end()
            ? absl::string_view()
            : absl::string_view(sent->second.data(), sent->second.size());
    request_id_ = RequestIdFrom(sent_id);
    if (sent != metadata.end() && sent_id == request_id_) return;
    metadata.erase(kRequestIdKey);
    metadata.emplace(kRequestIdKey, request_id_);
  }

  void Finish(const grpc::Status& status) {
    const absl::Duration elapsed = absl::Now() - started_;
    const int code = static_cast<int>(status.error_code());
    if (calls_ != nullptr) calls_->RecordGrpcCall(method_, code, elapsed);
    if (!status.ok()) {
      LogInfo(
          absl::StrCat("call ", method_, " failed: ", GrpcCodeName(code),
                       " after ", absl::ToInt64Milliseconds(elapsed), " ms"),
          request_id_);
    }
  }

  const std::string method_;
  CallMetrics* const calls_;
  const absl::Time started_;
  std::string request_id_;
};

}  // namespace

grpc::experimental::Interceptor*
GrpcCallInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new GrpcCallInterceptor(info, calls_);
}

std::string RequestIdOf(const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  auto found = metadata.find(kRequestIdKey);
  if (found == metadata.end()) return "";
  return std::string(found->second.data(), found->second.size());
}

}  // namespace baoxue::metrics
