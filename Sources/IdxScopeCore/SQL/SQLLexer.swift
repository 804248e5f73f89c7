/// Which engine's lexical rules apply. `nil` where the engine is not known yet (a script for
/// `check`): every quote form both engines know is honoured, so no `;` inside one splits.
public enum SQLDialect: Sendable {
    /// `"id"`, `` `id` ``, `[id]`; `/* */` does not nest; `$name` is a parameter.
    case sqlite
    /// `"id"` only; `E'…'` takes backslash escapes; `/* */` nests; `$tag$ … $tag$`; `$n` parameters.
    case postgresql
}

/// One lexical unit of SQL text, as a range of `Character` offsets.
public struct SQLToken: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case space
        case lineComment
        case blockComment
        /// `'…'` (or PostgreSQL's `E'…'`).
        case string
        /// `"…"`, and in SQLite `` `…` `` and `[…]`.
        case quotedIdentifier
        /// PostgreSQL's `$tag$ … $tag$`.
        case dollarString
        /// `$1` (PostgreSQL); the number is in `parameterNumber`.
        case parameter
        /// A bare word: identifier or keyword (letters, digits, `_`, `$`).
        case word
        case number
        /// Any other single character (`;`, `,`, `.`, `(`, …).
        case symbol
    }

    public var kind: Kind
    public var start: Int
    public var end: Int
    /// A quote or comment that runs to the end of the text without closing.
    public var unterminated = false

    public var isComment: Bool { kind == .lineComment || kind == .blockComment }
    /// Neither white space nor a comment.
    public var isCode: Bool { kind != .space && !isComment }
    /// Text whose characters are not SQL (quotes and comments): no `;`, keyword or `(` inside counts.
    public var isOpaque: Bool {
        isComment || kind == .string || kind == .quotedIdentifier || kind == .dollarString
    }
}

/// The one SQL lexer: the script splitter, the statement shape (PostgreSQL), SQLite's alias
/// resolution and CREATE INDEX reading all see the same tokens.
public enum SQLLexer {
    public static func tokens(_ text: String, dialect: SQLDialect?) -> [SQLToken] {
        tokens(Array(text), dialect: dialect)
    }

    public static func tokens(_ chars: [Character], dialect: SQLDialect?) -> [SQLToken] {
        var result: [SQLToken] = []
        var index = 0
        while index < chars.count {
            let token = token(in: chars, at: index, dialect: dialect)
            result.append(token)
            index = token.end
        }
        return result
    }

    /// The token that starts at `index` (which must be inside `chars`).
    public static func token(in chars: [Character], at index: Int, dialect: SQLDialect?) -> SQLToken {
        let c = chars[index]
        func next(_ offset: Int) -> Character? { index + offset < chars.count ? chars[index + offset] : nil }
        if c.isWhitespace {
            var end = index + 1
            while end < chars.count, chars[end].isWhitespace { end += 1 }
            return SQLToken(kind: .space, start: index, end: end)
        }
        if c == "-", next(1) == "-" {
            var end = index
            while end < chars.count, chars[end] != "\n" { end += 1 }
            return SQLToken(kind: .lineComment, start: index, end: end)
        }
        if c == "/", next(1) == "*" { return blockComment(chars, at: index, nests: dialect == .postgresql) }
        switch c {
        case "'":
            return quoted(chars, at: index, from: index, close: "'", kind: .string, backslashEscapes: false)
        case "\"":
            return quoted(chars, at: index, from: index, close: "\"", kind: .quotedIdentifier, backslashEscapes: false)
        case "`" where dialect != .postgresql:
            return quoted(chars, at: index, from: index, close: "`", kind: .quotedIdentifier, backslashEscapes: false)
        case "[" where dialect != .postgresql:
            return quoted(chars, at: index, from: index, close: "]", kind: .quotedIdentifier, backslashEscapes: false)
        case "$" where dialect != .sqlite:
            if let token = dollar(chars, at: index) { return token }
        default:
            break
        }
        if isWordStart(c) {
            // PostgreSQL's E'…' string takes backslash escapes (E'it\'s').
            if (c == "E" || c == "e"), next(1) == "'", dialect != .sqlite {
                return quoted(chars, at: index, from: index + 1, close: "'", kind: .string, backslashEscapes: true)
            }
            var end = index + 1
            while end < chars.count, isWordCharacter(chars[end]) { end += 1 }
            return SQLToken(kind: .word, start: index, end: end)
        }
        if c.isASCII, c.isNumber {
            var end = index + 1
            while end < chars.count, isWordCharacter(chars[end]) || chars[end] == "." { end += 1 }
            return SQLToken(kind: .number, start: index, end: end)
        }
        return SQLToken(kind: .symbol, start: index, end: index + 1)
    }

    /// The text of a token.
    public static func text(_ chars: [Character], _ token: SQLToken) -> String { String(chars[token.start..<token.end]) }

    /// The number of a `$n` parameter token (capped at 1,000,000).
    public static func parameterNumber(_ chars: [Character], _ token: SQLToken) -> Int {
        var number = 0
        for c in chars[(token.start + 1)..<token.end] { number = min(number * 10 + (c.wholeNumberValue ?? 0), 1_000_000) }
        return number
    }

    static func isWordStart(_ c: Character) -> Bool { c == "_" || c.isLetter }
    static func isWordCharacter(_ c: Character) -> Bool { c == "_" || c == "$" || c.isLetter || c.isNumber }

    private static func blockComment(_ chars: [Character], at index: Int, nests: Bool) -> SQLToken {
        var depth = 0
        var end = index
        while end < chars.count {
            if chars[end] == "/", end + 1 < chars.count, chars[end + 1] == "*", nests || depth == 0 {
                depth += 1
                end += 2
                continue
            }
            if chars[end] == "*", end + 1 < chars.count, chars[end + 1] == "/" {
                depth -= 1
                end += 2
                if depth == 0 { return SQLToken(kind: .blockComment, start: index, end: end) }
                continue
            }
            end += 1
        }
        return SQLToken(kind: .blockComment, start: index, end: chars.count, unterminated: true)
    }

    /// A quoted run opening at `from` (a doubled closing quote stands for itself, except `]`).
    private static func quoted(_ chars: [Character], at index: Int, from: Int, close: Character, kind: SQLToken.Kind,
                               backslashEscapes: Bool) -> SQLToken {
        var end = from + 1
        while end < chars.count {
            if backslashEscapes, chars[end] == "\\" { end += 2; continue }
            if chars[end] == close {
                if close != "]", end + 1 < chars.count, chars[end + 1] == close { end += 2; continue }
                return SQLToken(kind: kind, start: index, end: end + 1)
            }
            end += 1
        }
        return SQLToken(kind: kind, start: index, end: chars.count, unterminated: true)
    }

    /// `$n` parameter or `$tag$ … $tag$` (an empty tag: `$$`); nil for a lone `$`.
    private static func dollar(_ chars: [Character], at index: Int) -> SQLToken? {
        var end = index + 1
        if end < chars.count, chars[end].isASCII, chars[end].isNumber {
            while end < chars.count, chars[end].isASCII, chars[end].isNumber { end += 1 }
            return SQLToken(kind: .parameter, start: index, end: end)
        }
        // A tag is letters, digits (not first) and underscores.
        while end < chars.count, chars[end] == "_" || chars[end].isLetter || (end > index + 1 && chars[end].isNumber) { end += 1 }
        guard end < chars.count, chars[end] == "$" else { return nil }
        let tag = chars[index...end]
        var position = end + 1
        while position < chars.count {
            if chars[position] == "$", chars[position...].starts(with: tag) {
                return SQLToken(kind: .dollarString, start: index, end: position + tag.count)
            }
            position += 1
        }
        return SQLToken(kind: .dollarString, start: index, end: chars.count, unterminated: true)
    }
}
