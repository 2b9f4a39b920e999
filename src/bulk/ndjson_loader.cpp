#include "bulk/ndjson_loader.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <memory>

#include "fhir/validator.h"
#include "json/parser.h"
#include "store/resource_id.h"

namespace lienthong::bulk {
namespace {

using CommitFuture = std::future<Result<std::vector<store::WriteResult>>>;

bool Cancelled(const std::atomic<bool>* cancel) {
  return cancel != nullptr && cancel->load(std::memory_order_relaxed);
}

Status CancelledStatus() { return Status(ErrorCode::kUnavailable, "the import was cancelled"); }

// Parses and validates one line into a write; the status names the problem.
Result<store::WriteOp> ParseLine(const std::string& line, const NdjsonInput& input, int max_depth) {
  Result<json::Value> resource = json::Parse(line, {.max_depth = max_depth});
  if (!resource.ok()) return resource.take_status();
  LT_RETURN_IF_ERROR(fhir::Validate(*resource));
  store::WriteOp op;
  op.kind = store::WriteOp::Kind::kUpdate;
  op.type = std::string(resource->get_string("resourceType"));
  op.id = std::string(resource->get_string("id"));
  if (!input.expected_type.empty() && op.type != input.expected_type) {
    return Status::Invalid(
        fmt::format("a {} in an input declared as {}", op.type, input.expected_type));
  }
  if (!store::IsValidResourceId(op.id)) return Status::Invalid("a bulk resource needs a valid id");
  op.resource = std::move(resource.value());
  return op;
}

}  // namespace

std::string LoadReport::FormatError(const LineError& e) const {
  std::string where = e.expression.empty() ? "" : " at " + e.expression;
  return fmt::format("{}:{}: {}{}", e.source, e.line, e.message, where);
}

NdjsonLoader::NdjsonLoader(store::ResourceStore& store, LoadOptions options)
    : store_(store), options_(options) {}

Status NdjsonLoader::MeasureInputs(const std::vector<NdjsonInput>& inputs, LoadReport& report) {
  report.bytes_total = 0;
  for (const NdjsonInput& input : inputs) {
    std::error_code ec;
    const uintmax_t size = std::filesystem::file_size(input.path, ec);
    if (ec) return Status::IoError(fmt::format("cannot read {}", input.name));
    report.bytes_total += size;
  }
  return Status::Ok();
}

Status NdjsonLoader::Check(const std::vector<NdjsonInput>& inputs, LoadReport& report,
                           const LoadProgress& progress, const std::atomic<bool>* cancel) {
  LT_RETURN_IF_ERROR(MeasureInputs(inputs, report));
  report.checking = true;
  Status st = Pass(inputs, /*write=*/false, report, progress, cancel);
  report.checking = false;
  return st;
}

Status NdjsonLoader::Load(const std::vector<NdjsonInput>& inputs, LoadReport& report,
                          const LoadProgress& progress, const std::atomic<bool>* cancel) {
  if (options_.on_invalid == InvalidLinePolicy::kReject) {
    LT_RETURN_IF_ERROR(Check(inputs, report, progress, cancel));
    if (report.rejected > 0) {
      return Status(ErrorCode::kUnprocessable,
                    fmt::format("{} invalid lines: nothing was imported", report.rejected));
    }
  }
  LT_RETURN_IF_ERROR(MeasureInputs(inputs, report));
  return Pass(inputs, /*write=*/true, report, progress, cancel);
}

Status NdjsonLoader::Pass(const std::vector<NdjsonInput>& inputs, bool write, LoadReport& report,
                          const LoadProgress& progress, const std::atomic<bool>* cancel) {
  report.bytes_done = 0;
  report.inputs.clear();
  // At most one batch is in flight, so a failure stops the load after at most
  // one more batch; a batch is counted only once the store says it is durable.
  CommitFuture in_flight;
  InputCount* in_flight_input = nullptr;
  size_t in_flight_size = 0;
  auto wait_in_flight = [&]() -> Status {
    if (!in_flight.valid()) return Status::Ok();
    Result<std::vector<store::WriteResult>> written = in_flight.get();
    if (!written.ok()) return written.take_status();
    report.resources += in_flight_size;
    in_flight_input->written += in_flight_size;
    return Status::Ok();
  };
  std::vector<store::WriteOp> batch;
  auto flush = [&](InputCount& counts) -> Status {
    LT_RETURN_IF_ERROR(wait_in_flight());
    if (batch.empty()) return Status::Ok();
    auto promise = std::make_shared<std::promise<Result<std::vector<store::WriteResult>>>>();
    in_flight = promise->get_future();
    in_flight_size = batch.size();
    in_flight_input = &counts;
    store_.Commit(std::move(batch), [promise](Result<std::vector<store::WriteResult>> r) {
      promise->set_value(std::move(r));
    });
    batch.clear();
    if (progress) progress(report);
    return Status::Ok();
  };
  // Inputs are reserved up front: in_flight_input points into the vector.
  report.inputs.reserve(inputs.size());
  for (const NdjsonInput& input : inputs) {
    InputCount& counts = report.inputs.emplace_back();
    counts.name = input.name;
    counts.type = input.expected_type;
    std::ifstream in(input.path, std::ios::binary);
    if (!in) {
      Status st = wait_in_flight();
      return st.ok() ? Status::IoError(fmt::format("cannot read {}", input.name)) : st;
    }
    std::string line;
    uint64_t line_number = 0;
    while (std::getline(in, line)) {
      ++line_number;
      report.bytes_done += line.size() + 1;
      if (line.empty() || line == "\r") continue;
      Result<store::WriteOp> op = ParseLine(line, input, options_.max_json_depth);
      if (!op.ok()) {
        ++report.rejected;
        ++counts.rejected;
        if (report.errors.size() < options_.max_errors_kept) {
          const Status& st = op.status();
          LineError& e = report.errors.emplace_back();
          e.source = input.name;
          e.line = line_number;
          e.message = st.message();
          if (!st.issues().empty()) e.expression = st.issues()[0].expression;
        }
        continue;
      }
      if (counts.type.empty()) counts.type = op->type;
      if (!write) {
        if (line_number % options_.batch_size == 0) {
          if (Cancelled(cancel)) return CancelledStatus();
          if (progress) progress(report);
        }
        continue;
      }
      batch.push_back(std::move(op.value()));
      if (batch.size() >= options_.batch_size) {
        LT_RETURN_IF_ERROR(flush(counts));
        if (Cancelled(cancel)) {
          LT_RETURN_IF_ERROR(wait_in_flight());
          return CancelledStatus();
        }
      }
    }
    if (in.bad()) {
      Status st = wait_in_flight();
      return st.ok() ? Status::IoError(fmt::format("cannot read {}", input.name)) : st;
    }
    // A batch never spans two inputs, so each input's count is exact.
    LT_RETURN_IF_ERROR(flush(counts));
    if (progress) progress(report);
  }
  return wait_in_flight();
}

}  // namespace lienthong::bulk
