/// Human sizes as psql's pg_size_pretty and sqlite3_analyzer readers expect: 1024-based units.
public enum ByteFormat {
    public static func human(_ bytes: Int64?) -> String {
        guard let bytes else { return "—" }
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while abs(value) >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes) B" }
        let digits = value < 10 ? 1 : 0
        return formatFixed(value, digits: digits) + " " + units[unit]
    }

    /// Thousands separated with a thin comma, e.g. 12,345.
    public static func count(_ value: Int64?) -> String {
        guard let value else { return "—" }
        let digits = String(value.magnitude)  // abs(Int64.min) would trap
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (value < 0 ? "-" : "") + groups.joined(separator: ",")
    }

    /// A row count the engine gave as a number (an estimate may be huge): thousands separated,
    /// or as the number itself when it is not a whole count that fits Int64.
    public static func count(_ value: Double) -> String {
        guard value.isFinite, value.magnitude < 9.2e18 else { return String(value) }
        return count(Int64(value.rounded()))
    }

    public static func formatFixed(_ value: Double, digits: Int) -> String {
        // Beyond 2^53 there are no fraction digits to show; Int64 would trap past 9.2e18.
        guard value.isFinite, value.magnitude < 1e15 else { return String(value) }
        var factor = 1.0
        for _ in 0..<digits { factor *= 10 }
        let rounded = (value * factor).rounded() / factor
        if digits == 0 { return String(Int64(rounded)) }
        let whole = Int64(rounded)
        let fraction = Int64((abs(rounded - Double(whole)) * factor).rounded())
        let fractionText = String(fraction)
        return "\(rounded < 0 && whole == 0 ? "-" : "")\(whole)." + String(repeating: "0", count: max(0, digits - fractionText.count)) + fractionText
    }
}
