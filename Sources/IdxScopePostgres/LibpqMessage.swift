import Foundation

/// libpq's connection error text on one line: one attempt per host address, each with the same
/// hint line ("Is the server running …?"), which a plain fold repeats. Each distinct line is
/// kept once, attempts separated by "; ", severities padded by libpq ("FATAL:  ") tidied.
enum LibpqMessage {
    static func oneLine(_ raw: String) -> String {
        var seen = Set<String>()
        var lines: [String] = []
        for line in raw.split(whereSeparator: \.isNewline) {
            let tidied = line.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ":  ", with: ": ")
            guard !tidied.isEmpty, seen.insert(tidied).inserted else { continue }
            lines.append(tidied)
        }
        // Hints (questions) go after every attempt, once.
        let attempts = lines.filter { !$0.hasSuffix("?") }
        let hints = lines.filter { $0.hasSuffix("?") }
        return (attempts + hints).joined(separator: "; ")
    }
}
