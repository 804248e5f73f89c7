import IdxScopeCore

/// The parts of a `CREATE INDEX` statement that SQLite's pragmas do not give back: the text of
/// each key term (for expression columns) and the WHERE predicate of a partial index.
struct CreateIndexSQL: Equatable {
    /// Each key term as written, without its trailing COLLATE / ASC / DESC.
    var terms: [String]
    var predicate: String?

    /// Nil when `sql` has no parenthesised column list (not a CREATE INDEX).
    init?(_ sql: String) {
        let chars = Array(sql)
        var scanner = SQLScanner(chars)
        // The first unquoted "(" opens the key list: names before it are either bare or quoted.
        guard let open = scanner.nextTopLevel("("), let close = SQLScanner.matchingParen(chars, from: open) else { return nil }
        terms = SQLScanner.splitTopLevel(chars, from: open + 1, to: close).map(CreateIndexSQL.stripOrdering)
        // Comments may sit between ")" and WHERE (`t(e) /* why */ WHERE e > 0`).
        var start = close + 1
        while start < chars.count {
            if chars[start].isWhitespace { start += 1; continue }
            if chars[start] == "-" || chars[start] == "/", let end = SQLScanner.skipOpaque(chars, at: start) { start = end; continue }
            break
        }
        let after = String(chars[start...]).trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: ";")))
        if after.count > 5, after.prefix(5).uppercased() == "WHERE", let next = after.dropFirst(5).first, !(next.isLetter || next.isNumber || next == "_") {
            predicate = after.dropFirst(5).trimmingCharacters(in: .whitespacesAndNewlines)
        } else {
            predicate = nil
        }
    }

    /// `lower(email) COLLATE NOCASE DESC` → `lower(email)`.
    static func stripOrdering(_ term: String) -> String {
        var words = SQLScanner.topLevelWords(Array(term))
        var end = term.count
        if let last = words.last, ["ASC", "DESC"].contains(last.text.uppercased()) {
            end = last.start
            words.removeLast()
        }
        if words.count >= 2, words[words.count - 2].text.uppercased() == "COLLATE", words.last!.start < end {
            end = words[words.count - 2].start
        }
        return String(Array(term)[..<end]).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

import Foundation

/// Structure of CREATE INDEX text (parentheses, commas, trailing words) over SQLLexer's opaque runs.
struct SQLScanner {
    let chars: [Character]
    var position = 0

    init(_ chars: [Character]) { self.chars = chars }

    /// Index just past the quoted/comment run starting at `index`, or nil when none starts there
    /// (SQLLexer's SQLite rules).
    static func skipOpaque(_ chars: [Character], at index: Int) -> Int? {
        let token = SQLLexer.token(in: chars, at: index, dialect: .sqlite)
        return token.isOpaque ? token.end : nil
    }

    mutating func nextTopLevel(_ target: Character) -> Int? {
        while position < chars.count {
            if let end = SQLScanner.skipOpaque(chars, at: position) { position = end; continue }
            if chars[position] == target { defer { position += 1 }; return position }
            position += 1
        }
        return nil
    }

    static func matchingParen(_ chars: [Character], from open: Int) -> Int? {
        var depth = 0
        var index = open
        while index < chars.count {
            if let end = skipOpaque(chars, at: index) { index = end; continue }
            if chars[index] == "(" { depth += 1 }
            if chars[index] == ")" { depth -= 1; if depth == 0 { return index } }
            index += 1
        }
        return nil
    }

    /// The comma-separated parts of `chars[from..<to]` at parenthesis depth 0, trimmed.
    static func splitTopLevel(_ chars: [Character], from: Int, to: Int) -> [String] {
        var parts: [String] = []
        var depth = 0
        var start = from
        var index = from
        while index < to {
            if let end = skipOpaque(chars, at: index) { index = min(end, to); continue }
            switch chars[index] {
            case "(": depth += 1
            case ")": depth -= 1
            case "," where depth == 0:
                parts.append(String(chars[start..<index]).trimmingCharacters(in: .whitespacesAndNewlines))
                start = index + 1
            default: break
            }
            index += 1
        }
        parts.append(String(chars[start..<to]).trimmingCharacters(in: .whitespacesAndNewlines))
        return parts
    }

    struct Word { var text: String; var start: Int }

    /// Bare words and quoted names at depth 0 (enough to find trailing COLLATE x / DESC).
    static func topLevelWords(_ chars: [Character]) -> [Word] {
        var words: [Word] = []
        var depth = 0
        var index = 0
        while index < chars.count {
            let char = chars[index]
            if let end = skipOpaque(chars, at: index) {
                if depth == 0, char != "-", char != "/" { words.append(Word(text: String(chars[index..<end]), start: index)) }
                index = end
                continue
            }
            if char == "(" { depth += 1 } else if char == ")" { depth -= 1 }
            if depth == 0, char.isLetter || char == "_" {
                var end = index
                while end < chars.count, chars[end].isLetter || chars[end].isNumber || chars[end] == "_" || chars[end] == "$" { end += 1 }
                words.append(Word(text: String(chars[index..<end]), start: index))
                index = end
                continue
            }
            if depth == 0, !char.isWhitespace, char != ")" {
                words.append(Word(text: String(char), start: index))
            }
            index += 1
        }
        return words
    }
}
