// A checker for the Prometheus text exposition format (0.0.4), for the rules `promtool check metrics` applies
// that matter here: every family has HELP and TYPE before its samples, names and labels are well formed,
// values parse, families are not split, no sample repeats, counters end in _total, histograms have cumulative
// buckets ending at le="+Inf" equal to _count, and a _sum. Returns the problems found (empty: valid).
#pragma once

#include <string>
#include <vector>

namespace folio::rpc::test {

std::vector<std::string> check_exposition(const std::string& text);

// The value of the sample with exactly this name and label text (e.g. `x_total{method="add"}`), or -1.
double sample_value(const std::string& text, const std::string& series);

}  // namespace folio::rpc::test
