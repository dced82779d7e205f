#include "server/rpc/audit_interceptor.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "grpcpp/server_context.h"
#include "server/rpc/grpc_status.h"

namespace baoxue::rpc {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using grpc::experimental::InterceptionHookPoints;

// Enough to find a student in the trail; a county list names at most this
// many per row (the count says how many records there were).
constexpr size_t kMaxIdsPerRow = 2000;

void AddId(store::AuditEvent& event, int64_t id) {
  if (id != 0 && event.student_ids.size() < kMaxIdsPerRow) {
    event.student_ids.push_back(id);
  }
}

// The student_id / student_ids fields of `message` itself.
void AddStudentIds(const Message& message, store::AuditEvent& event) {
  const google::protobuf::Descriptor* type = message.GetDescriptor();
  const google::protobuf::Reflection* reflection = message.GetReflection();
  if (const FieldDescriptor* f = type->FindFieldByName("student_id");
      f != nullptr && f->cpp_type() == FieldDescriptor::CPPTYPE_INT64 &&
      !f->is_repeated()) {
    AddId(event, reflection->GetInt64(message, f));
  }
  if (const FieldDescriptor* f = type->FindFieldByName("student_ids");
      f != nullptr && f->cpp_type() == FieldDescriptor::CPPTYPE_INT64 &&
      f->is_repeated()) {
    for (int i = 0; i < reflection->FieldSize(message, f); ++i) {
      AddId(event, reflection->GetRepeatedInt64(message, f, i));
    }
  }
}

// What a request names: its students and its area, case or school.
void ReadRequest(const Message& request, store::AuditEvent& event) {
  AddStudentIds(request, event);
  const google::protobuf::Descriptor* type = request.GetDescriptor();
  const google::protobuf::Reflection* reflection = request.GetReflection();
  for (const char* name : {"area_code", "case_id", "school_id", "run_id"}) {
    const FieldDescriptor* f = type->FindFieldByName(name);
    if (f == nullptr || f->is_repeated()) continue;
    std::string value;
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
      value = reflection->GetString(request, f).substr(0, 64);
    } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_INT64) {
      const int64_t number = reflection->GetInt64(request, f);
      if (number != 0) value = absl::StrCat(number);
    }
    if (!value.empty()) {
      absl::StrAppend(&event.target, event.target.empty() ? "" : " ", name, "=",
                      value);
    }
  }
}

// What a reply carries: one record per element of its repeated messages
// (none for an empty list; the reply itself when it has no list), and the
// students they name.
void ReadReply(const Message& reply, store::AuditEvent& event) {
  AddStudentIds(reply, event);
  const google::protobuf::Descriptor* type = reply.GetDescriptor();
  const google::protobuf::Reflection* reflection = reply.GetReflection();
  int64_t records = 0;
  bool has_list = false;
  for (int k = 0; k < type->field_count(); ++k) {
    const FieldDescriptor* f = type->field(k);
    if (!f->is_repeated() ||
        f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
      continue;
    }
    const int n = reflection->FieldSize(reply, f);
    has_list = true;
    records += n;
    for (int i = 0; i < n; ++i) {
      AddStudentIds(reflection->GetRepeatedMessage(reply, f, i), event);
    }
  }
  event.count += has_list ? records : 1;  // an empty list: 0 records
}

class AuditInterceptor : public grpc::experimental::Interceptor {
 public:
  AuditInterceptor(grpc::experimental::ServerRpcInfo* info,
                   core::AuditTrail* trail, core::Authenticator* authenticator)
      : info_(info), trail_(trail), authenticator_(authenticator) {
    event_.action = info->method();
  }

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      const auto* metadata = methods->GetRecvInitialMetadata();
      if (auto it = metadata->find("authorization"); it != metadata->end()) {
        authorization_.assign(it->second.data(), it->second.size());
      }
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_MESSAGE) &&
        methods->GetRecvMessage() != nullptr) {
      ReadRequest(*static_cast<const Message*>(methods->GetRecvMessage()),
                  event_);
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_MESSAGE) &&
        methods->GetSendMessage() != nullptr) {
      ReadReply(*static_cast<const Message*>(methods->GetSendMessage()),
                event_);
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      Record(methods->GetSendStatus());
    }
    methods->Proceed();
  }

 private:
  void Record(const grpc::Status& status) {
    absl::StatusOr<core::Caller> caller =
        authenticator_->Authenticate(authorization_);
    if (caller.ok()) {
      event_.caller = caller->Describe();
      event_.role = std::string(domain::Code(caller->role));
      event_.caller_area = caller->scope.division_code;
    } else {
      event_.caller = "unauthenticated";
    }
    if (info_->server_context() != nullptr) {
      event_.peer = info_->server_context()->peer();
    }
    event_.result = absl::StatusCodeToString(
        static_cast<absl::StatusCode>(status.error_code()));
    if (!status.ok()) event_.count = 0;
    // Named by the request and again by the reply: each student once.
    std::sort(event_.student_ids.begin(), event_.student_ids.end());
    event_.student_ids.erase(
        std::unique(event_.student_ids.begin(), event_.student_ids.end()),
        event_.student_ids.end());
    trail_->Record(std::move(event_));
  }

  grpc::experimental::ServerRpcInfo* info_;
  core::AuditTrail* trail_;
  core::Authenticator* authenticator_;
  std::string authorization_;
  store::AuditEvent event_;
};

}  // namespace

grpc::experimental::Interceptor*
AuditInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  if (!absl::StartsWith(info->method(), "/baoxue.v1.")) return nullptr;
  return new AuditInterceptor(info, trail_, authenticator_);
}

}  // namespace baoxue::rpc
