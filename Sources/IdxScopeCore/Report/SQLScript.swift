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
    }

    public static func split(_ script: String) -> [Statement] {
        var statements: [Statement] = []
        var current = ""
        var line = 1
        var startLine: Int?
        let chars = Array(script)
        var i = 0
        var trigger = TriggerBody()
        func flush() {
            let text = current.trimmingCharacters(in: .whitespacesAndNewlines)
            if !stripComments(text).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, let startLine {
                statements.append(Statement(text: text, line: startLine))
            }
            current = ""
            startLine = nil
            trigger = TriggerBody()
        }
        // A statement starts at its first character that is neither white space nor a comment.
        func take(_ c: Character, code: Bool = true) {
            if code && startLine == nil && !c.isWhitespace { startLine = line }
            if code { trigger.read(c) }
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
            if c == ";" && !trigger.isOpen { flush(); i += 1; continue }
            take(c)
            i += 1
        }
        flush()
        return statements
    }

    /// Whether the statement read so far is a `CREATE TRIGGER … BEGIN` whose body has not
    /// reached its `END` yet: a `;` inside the body ends a body statement, not the trigger
    /// (SQLite's own rule, as in sqlite3_complete). Kept word by word as characters arrive
    /// (comments are not fed in), so a long body costs linear time, not a rescan per `;`.
    struct TriggerBody {
        private var word = ""
        private var wordCount = 0
        private var startsCreate = false
        private var isTrigger = false
        private var sawBegin = false
        private var lastWord = ""

        mutating func read(_ c: Character) {
            if c.isLetter || c.isNumber || c == "_" {
                // ASCII upper case: SQLite's keywords are ASCII ("begın" is not BEGIN).
                word.append(c.isASCII ? Character(c.uppercased()) : c)
            } else {
                finishWord()
            }
        }

        private mutating func finishWord() {
            guard !word.isEmpty else { return }
            wordCount += 1
            if wordCount == 1 { startsCreate = word == "CREATE" }
            if wordCount <= 4 && word == "TRIGGER" { isTrigger = true }
            if word == "BEGIN" { sawBegin = true }
            lastWord = word
            word = ""
        }

        var isOpen: Bool {
            var copy = self
            copy.finishWord()
            return copy.startsCreate && copy.isTrigger && copy.sawBegin && copy.lastWord != "END"
        }
    }

    /// `$tag$` or `$$` at `index` (but not a `$1` parameter).
    private static func dollarTag(_ chars: [Character], at index: Int) -> [Character]? {
        var j = index + 1
        while j < chars.count, chars[j].isLetter || chars[j] == "_" || (j > index + 1 && chars[j].isNumber) { j += 1 }
        guard j < chars.count, chars[j] == "$" else { return nil }
        return Array(chars[index...j])
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
