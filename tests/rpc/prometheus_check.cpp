#include "prometheus_check.h"

#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>

namespace folio::rpc::test {
namespace {

bool valid_name(const std::string& n) {
    if (n.empty()) return false;
    for (size_t i = 0; i < n.size(); ++i) {
        char c = n[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
                  (i > 0 && c >= '0' && c <= '9');
        if (!ok) return false;
    }
    return true;
}

bool parse_value(const std::string& s, double& v) {
    if (s == "+Inf") return v = INFINITY, true;
    if (s == "-Inf") return v = -INFINITY, true;
    if (s == "NaN") return v = NAN, true;
    char* end = nullptr;
    v = std::strtod(s.c_str(), &end);
    return !s.empty() && end == s.c_str() + s.size();
}

struct Sample {
    std::string name;
    std::map<std::string, std::string> labels;
    double value = 0;
};

// name{k="v",...} value
bool parse_sample(const std::string& line, Sample& out, std::string& why) {
    size_t i = 0;
    while (i < line.size() && line[i] != '{' && line[i] != ' ') ++i;
    out.name = line.substr(0, i);
    if (!valid_name(out.name)) return why = "bad metric name", false;
    if (i < line.size() && line[i] == '{') {
        ++i;
        while (i < line.size() && line[i] != '}') {
            size_t eq = line.find('=', i);
            if (eq == std::string::npos) return why = "label without =", false;
            std::string key = line.substr(i, eq - i);
            if (!valid_name(key) || key.find(':') != std::string::npos) return why = "bad label name", false;
            if (eq + 1 >= line.size() || line[eq + 1] != '"') return why = "label value not quoted", false;
            std::string value;
            size_t j = eq + 2;
            for (; j < line.size() && line[j] != '"'; ++j) {
                if (line[j] == '\\') {
                    if (j + 1 >= line.size()) return why = "dangling escape", false;
                    char e = line[++j];
                    if (e != '\\' && e != '"' && e != 'n') return why = "bad escape", false;
                    value += e == 'n' ? '\n' : e;
                } else {
                    value += line[j];
                }
            }
            if (j >= line.size()) return why = "unterminated label value", false;
            if (!out.labels.emplace(key, value).second) return why = "duplicate label", false;
            i = j + 1;
            if (i < line.size() && line[i] == ',') ++i;
        }
        if (i >= line.size()) return why = "unterminated labels", false;
        ++i;
    }
    if (i >= line.size() || line[i] != ' ') return why = "no value", false;
    std::string rest = line.substr(i + 1);
    size_t space = rest.find(' ');  // an optional timestamp may follow
    if (!parse_value(rest.substr(0, space), out.value)) return why = "bad value", false;
    return true;
}

std::string family_of(const std::string& name, const std::map<std::string, std::string>& types) {
    if (types.count(name)) return name;
    for (const char* suffix : {"_bucket", "_sum", "_count"}) {
        std::string s = suffix;
        if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
            std::string base = name.substr(0, name.size() - s.size());
            if (types.count(base)) return base;
        }
    }
    return {};
}

std::string label_key(const std::map<std::string, std::string>& labels, bool drop_le) {
    std::string key;
    for (const auto& [k, v] : labels) {
        if (drop_le && k == "le") continue;
        key += k + "=" + v + ",";
    }
    return key;
}

}  // namespace

std::vector<std::string> check_exposition(const std::string& text) {
    std::vector<std::string> problems;
    std::map<std::string, std::string> types;
    std::set<std::string> helps;
    std::set<std::string> finished;
    std::set<std::string> seen_series;
    std::string current;
    struct Histogram {
        std::vector<std::pair<double, double>> buckets;  // (le, count) in order
        bool has_sum = false;
        double count = -1;
    };
    std::map<std::string, Histogram> histograms;  // family + labels without le

    if (text.empty() || text.back() != '\n') problems.push_back("must end with a newline");
    std::istringstream in(text);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        auto bad = [&](const std::string& why) {
            problems.push_back("line " + std::to_string(n) + ": " + why + ": " + line);
        };
        if (line.empty()) continue;
        if (line[0] == '#') {
            std::istringstream words(line);
            std::string hash, kind, name;
            words >> hash >> kind >> name;
            if (kind != "HELP" && kind != "TYPE") continue;  // other comments are allowed
            if (!valid_name(name)) {
                bad("bad name in " + kind);
                continue;
            }
            if (name != current) {
                if (!current.empty()) finished.insert(current);
                if (finished.count(name)) bad("family split");
                current = name;
            }
            if (kind == "HELP") {
                if (!helps.insert(name).second) bad("second HELP");
            } else {
                std::string type;
                words >> type;
                if (type != "counter" && type != "gauge" && type != "histogram" && type != "summary" &&
                    type != "untyped") {
                    bad("unknown type");
                }
                if (types.count(name)) bad("second TYPE");
                types[name] = type;
                if (type == "counter" && name.size() > 6 && name.compare(name.size() - 6, 6, "_total") != 0) {
                    bad("counter name should end in _total");
                }
            }
            continue;
        }
        Sample s;
        std::string why;
        if (!parse_sample(line, s, why)) {
            bad(why);
            continue;
        }
        std::string family = family_of(s.name, types);
        if (family.empty()) {
            bad("sample without TYPE");
            continue;
        }
        if (family != current) bad("sample outside its family's block");
        if (!helps.count(family)) bad("family without HELP");
        if (!seen_series.insert(s.name + "{" + label_key(s.labels, false) + "}").second)
            bad("duplicate sample");
        if (types[family] == "histogram") {
            Histogram& h = histograms[family + "{" + label_key(s.labels, true) + "}"];
            if (s.name == family + "_bucket") {
                auto le = s.labels.find("le");
                double bound = 0;
                if (le == s.labels.end() || !parse_value(le->second, bound)) {
                    bad("bucket without a valid le");
                } else {
                    h.buckets.emplace_back(bound, s.value);
                }
            } else if (s.name == family + "_sum") {
                h.has_sum = true;
            } else if (s.name == family + "_count") {
                h.count = s.value;
            } else {
                bad("histogram sample must be _bucket, _sum or _count");
            }
        } else if (s.name != family) {
            bad("sample name differs from its family");
        }
    }
    for (const auto& [series, h] : histograms) {
        if (h.buckets.empty() || !std::isinf(h.buckets.back().first))
            problems.push_back(series + ": no +Inf bucket");
        for (size_t i = 1; i < h.buckets.size(); ++i) {
            if (h.buckets[i].first <= h.buckets[i - 1].first)
                problems.push_back(series + ": le not increasing");
            if (h.buckets[i].second < h.buckets[i - 1].second)
                problems.push_back(series + ": buckets not cumulative");
        }
        if (!h.has_sum) problems.push_back(series + ": no _sum");
        if (h.count < 0) problems.push_back(series + ": no _count");
        if (!h.buckets.empty() && h.buckets.back().second != h.count)
            problems.push_back(series + ": +Inf != _count");
    }
    return problems;
}

double sample_value(const std::string& text, const std::string& series) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.size() > series.size() && line.compare(0, series.size(), series) == 0 &&
            line[series.size()] == ' ') {
            return std::strtod(line.c_str() + series.size() + 1, nullptr);
        }
    }
    return -1;
}

}  // namespace folio::rpc::test
