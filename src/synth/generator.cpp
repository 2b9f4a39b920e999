#include "synth/generator.h"

#include <fmt/format.h>

#include <chrono>

#include "synth/calendar.h"
#include "synth/care_history.h"
#include "synth/facility_network.h"
#include "synth/person.h"
#include "vn/admin_units.h"

namespace lienthong::synth {
namespace {

Result<int> ParseDay(const std::string& text) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 ||
      m > 12 || d < 1 || d > 31) {
    return Status::Invalid("last day must be yyyy-mm-dd");
  }
  return DaysFromCivil({y, m, d});
}

// Streams of the patients' generators; the facilities use stream 0.
constexpr uint64_t kFacilityStream = 0;

}  // namespace

Result<GenerateReport> Generate(const GenerateOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  const vn::Province* province = vn::FindProvince(options.province);
  if (province == nullptr) {
    return Status::Invalid("unknown province code " + options.province +
                           " (two digits, as in the 2024 list: 01 Hà Nội, 79 Hồ Chí Minh, ...)");
  }
  if (options.years < 1 || options.years > 50) return Status::Invalid("years must be 1-50");
  Result<int> last_day = ParseDay(options.last_day);
  if (!last_day.ok()) return last_day.status();
  const CareWindow window{*last_day - options.years * 365 + 1, *last_day};

  Random facility_random = Random::ForStream(options.seed, kFacilityStream);
  Result<FacilityNetwork> network = FacilityNetwork::Build(*province, facility_random);
  if (!network.ok()) return network.status();

  Result<std::unique_ptr<OutputFiles>> out = OutputFiles::Open(options.out_dir, options.format);
  if (!out.ok()) return out.status();
  OutputFiles& files = **out;
  network->WriteResources([&](std::string_view type, const std::string& id,
                              const std::string& json) { files.Add(type, id, json); });
  files.EndGroup("facilities");

  for (uint64_t i = 0; i < options.patients; ++i) {
    Random random = Random::ForStream(options.seed, i + 1);
    const Person person = DrawPerson(random, *network, window.last_day);
    WriteCareHistory(random, person, *network, window, files);
    // A thousand bundles per folder, so that a large run stays easy to list.
    files.EndGroup(fmt::format("patients-{:04d}/patient-{:07d}", i / 1000, i + 1));
  }
  LT_RETURN_IF_ERROR(files.Close());

  GenerateReport report;
  report.patients = options.patients;
  report.resources = files.resources();
  report.counts = files.counts();
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace lienthong::synth
