import Foundation

/// Number formatting shared by the documents and views (byte sizes: Core's `ByteFormat`, as the CLI).
enum Format {
    /// 999, 12.3k, 4.5M — compact counts for narrow columns.
    static func count(_ value: Int64) -> String {
        if value < 10_000 { return "\(value)" }
        if value < 1_000_000 { return String(format: "%.1fk", Double(value) / 1000) }
        if value < 1_000_000_000 { return String(format: "%.1fM", Double(value) / 1_000_000) }
        return String(format: "%.1fG", Double(value) / 1_000_000_000)
    }

    static func rate(_ value: Double) -> String {
        value < 10 ? String(format: "%.1f", value) : count(Int64(value.rounded()))
    }

    static func rows(_ value: Double) -> String {
        value == value.rounded() ? count(Int64(value)) : String(format: "%.1f", value)
    }

    /// Milliseconds: three decimals below 1 ms (a plan takes 0.057 ms, not "0.0"), one above.
    static func milliseconds(_ value: Double) -> String {
        String(format: value < 1 ? "%.3f" : "%.1f", value)
    }

    /// A bar of `width` cells for `fraction` (0...1) in eighths of a cell.
    static func bar(_ fraction: Double, width: Int) -> String {
        guard width > 0 else { return "" }
        let eighths = Int((max(0, min(1, fraction)) * Double(width * 8)).rounded())
        let blocks = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        var text = String(repeating: "█", count: eighths / 8) + blocks[eighths % 8]
        if text.isEmpty && fraction > 0 { text = "▏" }
        return text
    }

    static let spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    /// "2026-09-21 14:05 UTC". Plain gmtime_r rather than DateFormatter: the header draws this
    /// on every frame, and DateFormatter pulls ICU's time-zone data (about 4 MiB resident).
    static func date(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        guard gmtime_r(&seconds, &parts) != nil else { return "?" }
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) \(two(parts.tm_hour)):\(two(parts.tm_min)) UTC"
    }
}
