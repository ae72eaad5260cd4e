/// Line numbers as ranges: [3, 4, 5, 9] → "3–5, 9"; after `limit` ranges, "… (N lines in all)".
public enum LineRanges {
    public static func text(_ lines: [Int], language: Language, limit: Int = 8) -> String {
        let sorted = Array(Set(lines)).sorted()
        var ranges: [ClosedRange<Int>] = []
        for line in sorted {
            if let last = ranges.last, last.upperBound + 1 == line {
                ranges[ranges.count - 1] = last.lowerBound...line
            } else {
                ranges.append(line...line)
            }
        }
        var parts = ranges.prefix(limit).map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)–\($0.upperBound)" }
        if ranges.count > limit {
            parts.append(language == .ja ? "…（計 \(sorted.count) 行）" : "… (\(sorted.count) lines in all)")
        }
        return parts.joined(separator: ", ")
    }
}
