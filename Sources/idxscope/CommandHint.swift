import Foundation
import IdxScopeCore

/// `idxscope indx`: a bare word that is neither a file nor a command reads as a mistyped command.
enum CommandHint {
    static let commands = ["indexes", "explain", "check", "queries", "findings", "demo", "help"]

    /// Throws when `target` is a bare word (no path, URI or conninfo shape) naming no file.
    static func checkNotAMistypedCommand(_ target: String, fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }) throws {
        let bareWord = target.first.map { $0.isLetter || $0.isNumber } == true && target.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        guard bareWord, !fileExists(target) else { return }
        let word = target.lowercased()
        let guess = commands.min { distance(word, $0) < distance(word, $1) }
        let hint = guess.flatMap { distance(word, $0) <= 2 || (word.count >= 3 && isSubsequence(word, of: $0)) ? "did you mean '\($0)'? " : nil } ?? ""
        throw IdxScopeError(.input, "'\(target)' is neither a file nor a command\(hint.isEmpty ? " " : "; " + hint)(commands: \(commands.joined(separator: ", ")); a new SQLite file is never created)")
    }

    /// "indx" in "indexes": the letters typed, in order, with some left out.
    static func isSubsequence(_ word: String, of command: String) -> Bool {
        var rest = Substring(command)
        for character in word {
            guard let found = rest.firstIndex(of: character) else { return false }
            rest = rest[rest.index(after: found)...]
        }
        return true
    }

    /// Levenshtein distance (short words only).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}
