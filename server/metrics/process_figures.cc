#include "server/metrics/process_figures.h"

#include <dirent.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "server/metrics/metric_families.h"

namespace baoxue::metrics {
namespace {

// /proc/self/status's "Threads:" line; -1 if missing.
long ThreadCount() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "Threads:") {
      long threads = -1;
      status >> threads;
      return threads;
    }
    status.ignore(4096, '\n');
  }
  return -1;
}

// Entries of /proc/self/fd, less the one the listing itself opens.
long OpenFileDescriptors() {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return -1;
  long count = 0;
  while (const dirent* entry = readdir(dir)) {
    if (entry->d_name[0] != '.') ++count;
  }
  closedir(dir);
  return count - 1;
}

}  // namespace

void CollectProcessFigures(std::vector<prometheus::MetricFamily>& out) {
  // statm: total program size and resident set, in pages.
  std::ifstream statm("/proc/self/statm");
  long size_pages = 0;
  long resident_pages = 0;
  if (statm >> size_pages >> resident_pages) {
    const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
    prometheus::MetricFamily resident =
        GaugeFamily("baoxue_process_resident_memory_bytes",
                    "Resident memory of the server process in bytes.");
    AddSample(resident, resident_pages * page);
    out.push_back(std::move(resident));
    prometheus::MetricFamily virtual_size =
        GaugeFamily("baoxue_process_virtual_memory_bytes",
                    "Virtual memory size of the server process in bytes.");
    AddSample(virtual_size, size_pages * page);
    out.push_back(std::move(virtual_size));
  }
  if (const long threads = ThreadCount(); threads >= 0) {
    prometheus::MetricFamily family =
        GaugeFamily("baoxue_process_threads", "Threads of the server process.");
    AddSample(family, static_cast<double>(threads));
    out.push_back(std::move(family));
  }
  if (const long fds = OpenFileDescriptors(); fds >= 0) {
    prometheus::MetricFamily family =
        GaugeFamily("baoxue_process_open_fds",
                    "Open file descriptors of the server process.");
    AddSample(family, static_cast<double>(fds));
    out.push_back(std::move(family));
  }
}

}  // namespace baoxue::metrics
