/// Splits a script into statements at top-level `;`, honouring quotes, comments and
/// PostgreSQL dollar quotes, and remembers the line each statement starts on.
public enum SQLScript {
    public struct Statement: Equatable, Sendable {
        public var text: String
        public var line: Int

        public init(text: String, line: Int) {
            self.text = text
            self.line = line
        }

        /// The statement from its first code character, as the engine should see it: an error
        /// position then points into the statement that starts at `line`, not into a leading
        /// comment (`-- calls: N`).
        public var code: String { SQLScript.droppingLeadingComments(text) }
    }

    public static func split(_ script: String) -> [Statement] {
        var statements: [Statement] = []
        var current = ""
        var line = 1
        var startLine: Int?
        let chars = Array(script)
        var i = 0
        func flush() {
            let text = current.trimmingCharacters(in: .whitespacesAndNewlines)
            if !stripComments(text).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, let startLine {
                statements.append(Statement(text: text, line: startLine))
            }
            current = ""
            startLine = nil
        }
        // A statement starts at its first character that is neither white space nor a comment.
        func take(_ c: Character, code: Bool = true) {
            if code && startLine == nil && !c.isWhitespace { startLine = line }
            current.append(c)
            if c == "\n" { line += 1 }
        }
        while i < chars.count {
            let c = chars[i]
            if c == "-" && i + 1 < chars.count && chars[i + 1] == "-" {
                while i < chars.count && chars[i] != "\n" { take(chars[i], code: false); i += 1 }
                continue
            }
            if c == "/" && i + 1 < chars.count && chars[i + 1] == "*" {
                take(c, code: false); take(chars[i + 1], code: false); i += 2
                while i < chars.count && !(chars[i] == "*" && i + 1 < chars.count && chars[i + 1] == "/") { take(chars[i], code: false); i += 1 }
                if i < chars.count { take(chars[i], code: false); take(chars[i + 1], code: false); i += 2 }
                continue
            }
            if c == "'" || c == "\"" || c == "`" || c == "[" {
                let close: Character = c == "[" ? "]" : c
                // PostgreSQL's E'…' strings take backslash escapes (E'it\'s').
                let escapes = c == "'" && i > 0 && (chars[i - 1] == "E" || chars[i - 1] == "e")
                    && (i < 2 || !(chars[i - 2].isLetter || chars[i - 2].isNumber || chars[i - 2] == "_"))
                take(c); i += 1
                while i < chars.count {
                    take(chars[i])
                    if escapes && chars[i] == "\\" && i + 1 < chars.count { take(chars[i + 1]); i += 2; continue }
                    if chars[i] == close {
                        if close != "]" && i + 1 < chars.count && chars[i + 1] == close { take(chars[i + 1]); i += 2; continue }
                        i += 1
                        break
                    }
                    i += 1
                }
                continue
            }
            if c == "$", let tag = dollarTag(chars, at: i) {
                for ch in tag { take(ch) }
                i += tag.count
                while i < chars.count {
                    if chars[i] == "$", chars[i...].starts(with: tag) {
                        for ch in tag { take(ch) }
                        i += tag.count
                        break
                    }
                    take(chars[i]); i += 1
                }
                continue
            }
            if c == ";" && !isOpenTriggerBody(current) { flush(); i += 1; continue }
            take(c)
            i += 1
        }
        flush()
        return statements
    }

    /// A `CREATE TRIGGER … BEGIN` whose body has not reached its `END` yet: the `;` inside the
    /// body ends a body statement, not the trigger (SQLite's own rule, as in sqlite3_complete).
    static func isOpenTriggerBody(_ text: String) -> Bool {
        let words = stripComments(text).uppercased()
            .split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") })
        guard words.first == "CREATE", words.prefix(4).contains("TRIGGER"), words.contains("BEGIN") else { return false }
        return words.last != "END"
    }

    /// `$tag$` or `$$` at `index` (but not a `$1` parameter).
    private static func dollarTag(_ chars: [Character], at index: Int) -> [Character]? {
        var j = index + 1
        while j < chars.count, chars[j].isLetter || chars[j] == "_" || (j > index + 1 && chars[j].isNumber) { j += 1 }
        guard j < chars.count, chars[j] == "$" else { return nil }
        return Array(chars[index...j])
    }

    /// `text` from its first character that is neither white space nor inside a comment.
    public static func droppingLeadingComments(_ text: String) -> String {
        var rest = Substring(text)
        while true {
            rest = rest.drop { $0.isWhitespace }
            if rest.hasPrefix("--") {
                rest = rest.drop { $0 != "\n" }
            } else if rest.hasPrefix("/*") {
                // Nested block comments, as PostgreSQL reads them.
                var depth = 0
                var index = rest.startIndex
                repeat {
                    if rest[index...].hasPrefix("/*") { depth += 1; index = rest.index(index, offsetBy: 2) }
                    else if rest[index...].hasPrefix("*/") { depth -= 1; index = rest.index(index, offsetBy: 2) }
                    else { index = rest.index(after: index) }
                } while depth > 0 && index < rest.endIndex
                rest = rest[index...]
            } else {
                return String(rest)
            }
        }
    }

    /// The statement without `--` and `/* */` comments (for emptiness checks and display).
    public static func stripComments(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while !rest.isEmpty {
            if rest.hasPrefix("--") {
                rest = rest.drop { $0 != "\n" }
            } else if rest.hasPrefix("/*") {
                if let end = rest.range(of: "*/") { rest = rest[end.upperBound...] } else { rest = "" }
            } else {
                out.append(rest.removeFirst())
            }
        }
        return out
    }
}

import Foundation
