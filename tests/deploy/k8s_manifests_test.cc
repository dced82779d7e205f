// deploy/k8s holds the manifests of a several-server deployment; no cluster
// runs here, so this test reads them and checks what a cluster would only
// reveal in production: probes, resources, security context, and ports and
// paths that agree with the server configuration the ConfigMap carries.
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/server_config.h"
#include "yaml-cpp/yaml.h"

namespace baoxue {
namespace {

const std::string kDir = BAOXUE_SOURCE_DIR "/deploy/k8s";

class K8sManifestsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& entry : std::filesystem::directory_iterator(kDir)) {
      const std::string name = entry.path().filename();
      if (!absl::EndsWith(name, ".yaml")) continue;
      files_.insert(name);
      for (const YAML::Node& doc : YAML::LoadAllFromFile(entry.path())) {
        if (doc["kind"]) objects_.push_back(doc);
      }
    }
  }

  // The one object of `kind` named `name`.
  YAML::Node Object(const std::string& kind, const std::string& name) const {
    for (const YAML::Node& object : objects_) {
      if (object["kind"].as<std::string>() == kind &&
          object["metadata"]["name"].as<std::string>() == name) {
        return object;
      }
    }
    ADD_FAILURE() << "no " << kind << " " << name << " in " << kDir;
    return YAML::Node();
  }

  baoxue::v1::ServerConfig Config() const {
    const YAML::Node map = Object("ConfigMap", "baoxue-server");
    auto config = ParseServerConfig(
        map["data"]["server.textproto"].as<std::string>(), "configmap.yaml");
    EXPECT_TRUE(config.ok()) << config.status();
    if (!config.ok()) return {};
    const absl::Status defaults = ApplyDefaults(*config);
    EXPECT_TRUE(defaults.ok()) << defaults;
    return *config;
  }

  std::set<std::string> files_;
  std::vector<YAML::Node> objects_;
};

int PortOf(const std::string& address) {
  int port = 0;
  EXPECT_TRUE(absl::SimpleAtoi(address.substr(address.rfind(':') + 1), &port))
      << address;
  return port;
}

std::string DirOf(const std::string& path) {
  return path.substr(0, path.rfind('/'));
}

// Every container has requests and limits and runs unprivileged.
void ExpectHardenedContainers(const YAML::Node& pod_spec,
                              const std::string& what) {
  EXPECT_TRUE(pod_spec["securityContext"]["runAsNonRoot"].as<bool>()) << what;
  EXPECT_FALSE(pod_spec["automountServiceAccountToken"].as<bool>()) << what;
  for (const YAML::Node& container : pod_spec["containers"]) {
    const YAML::Node resources = container["resources"];
    for (const char* side : {"requests", "limits"}) {
      for (const char* resource : {"cpu", "memory"}) {
        EXPECT_TRUE(resources[side][resource].IsDefined())
            << what << ": " << side << "." << resource;
      }
    }
    const YAML::Node security = container["securityContext"];
    EXPECT_FALSE(security["allowPrivilegeEscalation"].as<bool>()) << what;
    EXPECT_TRUE(security["readOnlyRootFilesystem"].as<bool>()) << what;
    EXPECT_EQ(security["capabilities"]["drop"][0].as<std::string>(), "ALL")
        << what;
  }
}

TEST_F(K8sManifestsTest, KustomizationListsEveryManifest) {
  const YAML::Node kustomization = YAML::LoadFile(kDir + "/kustomization.yaml");
  std::set<std::string> listed;
  for (const YAML::Node& resource : kustomization["resources"]) {
    listed.insert(resource.as<std::string>());
  }
  std::set<std::string> manifests = files_;
  manifests.erase("kustomization.yaml");
  EXPECT_EQ(listed, manifests);
}

TEST_F(K8sManifestsTest, TheConfigMapIsAValidProductionConfig) {
  const baoxue::v1::ServerConfig config = Config();
  EXPECT_FALSE(config.tls().cert_file().empty()) << "TLS off loopback";
  EXPECT_FALSE(config.migrate_on_start()) << "migrations are job-migrate's";
  EXPECT_GT(config.connections().max_connection_age_seconds(), 0)
      << "clients must rebalance";
  // Credentials live in the Secret ($BAOXUE_DATABASE_URL), never here.
  auto as_written = ParseServerConfig(
      Object("ConfigMap", "baoxue-server")["data"]["server.textproto"]
          .as<std::string>(),
      "configmap.yaml");
  ASSERT_TRUE(as_written.ok());
  EXPECT_TRUE(as_written->database_url().empty());
}

TEST_F(K8sManifestsTest, TheDeploymentAgreesWithTheConfig) {
  const baoxue::v1::ServerConfig config = Config();
  const YAML::Node deployment = Object("Deployment", "baoxue-server");
  EXPECT_GE(deployment["spec"]["replicas"].as<int>(), 2);
  const YAML::Node pod = deployment["spec"]["template"]["spec"];
  ExpectHardenedContainers(pod, "deployment");
  EXPECT_GT(pod["terminationGracePeriodSeconds"].as<int>(),
            config.shutdown_grace_seconds())
      << "the drain must finish before the kubelet's SIGKILL";

  const YAML::Node server = pod["containers"][0];
  std::map<std::string, int> ports;
  for (const YAML::Node& port : server["ports"]) {
    ports[port["name"].as<std::string>()] = port["containerPort"].as<int>();
  }
  EXPECT_EQ(ports["grpc"], PortOf(config.listen_address()));
  EXPECT_EQ(ports["http"], PortOf(config.http_listen_address()));

  // Readiness asks the gRPC health service, over TLS, on the gRPC port.
  const std::string readiness =
      absl::StrJoin(server["readinessProbe"]["exec"]["command"]
                        .as<std::vector<std::string>>(),
                    " ");
  EXPECT_THAT(readiness, ::testing::HasSubstr(absl::StrCat(
                             ":", PortOf(config.listen_address()))));
  EXPECT_THAT(readiness, ::testing::EndsWith(" health"));
  EXPECT_THAT(readiness, ::testing::HasSubstr("--ca_file"));
  EXPECT_EQ(server["livenessProbe"]["tcpSocket"]["port"].as<std::string>(),
            "grpc");

  // The files the config names are mounted where it expects them.
  std::set<std::string> mounted;
  for (const YAML::Node& mount : server["volumeMounts"]) {
    mounted.insert(mount["mountPath"].as<std::string>());
  }
  const std::vector<std::string> args =
      server["args"].as<std::vector<std::string>>();
  ASSERT_EQ(args.size(), 2u);
  for (const std::string& file :
       {args[1], config.tls().cert_file(), config.tls().key_file(),
        config.imports().id_secret_file()}) {
    EXPECT_TRUE(mounted.count(DirOf(file))) << file << " is not mounted";
  }
}

TEST_F(K8sManifestsTest, TheServiceIsHeadlessOverTheDeploymentsPods) {
  const YAML::Node service = Object("Service", "baoxue-server");
  EXPECT_EQ(service["spec"]["clusterIP"].as<std::string>(), "None");
  const YAML::Node labels = Object(
      "Deployment", "baoxue-server")["spec"]["template"]["metadata"]["labels"];
  for (const auto& selector : service["spec"]["selector"]) {
    EXPECT_EQ(labels[selector.first.as<std::string>()].as<std::string>(),
              selector.second.as<std::string>());
  }
  std::set<std::string> targets;
  for (const YAML::Node& port : service["spec"]["ports"]) {
    targets.insert(port["targetPort"].as<std::string>());
  }
  EXPECT_EQ(targets, (std::set<std::string>{"grpc", "http"}));
}

TEST_F(K8sManifestsTest, ADisruptionBudgetKeepsServersUp) {
  const YAML::Node budget = Object("PodDisruptionBudget", "baoxue-server");
  EXPECT_EQ(budget["spec"]["maxUnavailable"].as<int>(), 1);
  const YAML::Node labels = Object(
      "Deployment", "baoxue-server")["spec"]["template"]["metadata"]["labels"];
  for (const auto& selector : budget["spec"]["selector"]["matchLabels"]) {
    EXPECT_EQ(labels[selector.first.as<std::string>()].as<std::string>(),
              selector.second.as<std::string>());
  }
}

TEST_F(K8sManifestsTest, JobsRefreshFeaturesAndMigrateHardened) {
  const YAML::Node refresh = Object("CronJob", "baoxue-feature-refresh");
  EXPECT_EQ(refresh["spec"]["concurrencyPolicy"].as<std::string>(), "Forbid");
  const YAML::Node refresh_pod =
      refresh["spec"]["jobTemplate"]["spec"]["template"]["spec"];
  ExpectHardenedContainers(refresh_pod, "feature refresh");
  EXPECT_THAT(
      refresh_pod["containers"][0]["args"].as<std::vector<std::string>>(),
      ::testing::IsSupersetOf({"features", "refresh"}));

  const YAML::Node migrate = Object("Job", "baoxue-migrate");
  const YAML::Node migrate_pod = migrate["spec"]["template"]["spec"];
  ExpectHardenedContainers(migrate_pod, "migrate");
  EXPECT_EQ(migrate_pod["containers"][0]["args"][0].as<std::string>(),
            "migrate");
}

TEST_F(K8sManifestsTest, TheSecretTemplateHoldsNoRealValues) {
  const YAML::Node secret = Object("Secret", "baoxue-server");
  for (const auto& entry : secret["stringData"]) {
    EXPECT_THAT(entry.second.as<std::string>(),
                ::testing::HasSubstr("REPLACE_ME"))
        << entry.first.as<std::string>();
  }
}

}  // namespace
}  // namespace baoxue
