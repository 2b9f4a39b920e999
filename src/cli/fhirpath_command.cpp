#include "cli/fhirpath_command.h"

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "fhirpath/fhirpath.h"
#include "json/parser.h"
#include "json/writer.h"

namespace lienthong::cli {
namespace {

Result<std::string> ReadInput(const std::string& file) {
  std::stringstream text;
  if (file.empty() || file == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Status::IoError("cannot read " + file);
    text << in.rdbuf();
  }
  return text.str();
}

}  // namespace

int RunFhirPath(const FhirPathCommandOptions& options) {
  Result<fhirpath::Expression> expression = fhirpath::Parse(options.expression);
  if (!expression.ok()) {
    fmt::print(stderr, "lienthong fhirpath: {}\n", expression.status().message());
    return 2;
  }
  Result<std::string> text = ReadInput(options.file);
  if (!text.ok()) {
    fmt::print(stderr, "lienthong fhirpath: {}\n", text.status().message());
    return 2;
  }
  json::ParseOptions parse_options;
  parse_options.max_depth = 256;
  Result<json::Value> document = json::Parse(*text, parse_options);
  if (!document.ok()) {
    fmt::print(stderr, "lienthong fhirpath: input: {}\n", document.status().message());
    return 2;
  }
  fhirpath::EvalContext context;
  if (options.untyped) context.registry = nullptr;
  context.trace = [](std::string_view name, const fhirpath::Collection& items) {
    fmt::print(stderr, "trace {}: {}\n", name, json::Write(fhirpath::ToJson(items)));
  };
  Result<fhirpath::Collection> result = fhirpath::Evaluate(*expression, *document, context);
  if (!result.ok()) {
    fmt::print(stderr, "lienthong fhirpath: {}\n", result.status().message());
    return 1;
  }
  json::WriteOptions write_options;
  write_options.pretty = options.pretty;
  fmt::print("{}\n", json::Write(fhirpath::ToJson(*result), write_options));
  return 0;
}

}  // namespace lienthong::cli
