import Foundation

/// How old something is, in the largest whole unit ("12 minutes", "3 days"), for counters' age.
public enum Age {
    public static func describe(_ seconds: TimeInterval) -> String {
        let seconds = max(0, seconds)
        let units: [(TimeInterval, String)] = [(86400, "day"), (3600, "hour"), (60, "minute")]
        for (size, name) in units where seconds >= size {
            let count = Int(seconds / size)
            return "\(count) \(name)\(count == 1 ? "" : "s")"
        }
        let count = Int(seconds)
        return "\(count) second\(count == 1 ? "" : "s")"
    }
}
