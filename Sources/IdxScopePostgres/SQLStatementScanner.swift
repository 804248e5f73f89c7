/// Reads SQL the way PostgreSQL's lexer splits it — quotes, dollar quotes, quoted identifiers and
/// (nested) comments — to count statements and find `$n` parameters without a round trip.
public struct SQLStatementShape: Equatable, Sendable {
    /// Statements holding more than whitespace and comments.
    public var statementCount: Int
    /// The highest `$n` outside quotes and comments (0: none).
    public var highestParameter: Int
    /// The text without trailing semicolons, whitespace and comments after the last statement.
    public var trimmed: String
    /// What the text ends inside, when a comment or quote is never closed ("a /* comment", …):
    /// the statement is then invalid, even if only a trailing comment is left open.
    public var unterminated: String? = nil
    /// Names written directly before "(" outside quotes and comments — the functions a statement
    /// (or a deparsed plan expression) calls, plus keywords such as `coalesce` or `exists`.
    /// Unquoted names are folded to lower case as the server folds them.
    public var calledNames: Set<String> = []

    public static func of(_ sql: String) -> SQLStatementShape {
        var scanner = Scanner(Array(sql.unicodeScalars))
        return scanner.run()
    }

    private struct Scanner {
        let text: [Unicode.Scalar]
        var position = 0
        var statementCount = 0
        var highestParameter = 0
        var currentHasContent = false
        /// End (exclusive) of the last content character, for `trimmed`.
        var lastContentEnd = 0
        var unterminated: String?
        var calledNames: Set<String> = []
        /// The identifier just read, until anything but whitespace or a comment follows it.
        var lastName: String?

        init(_ text: [Unicode.Scalar]) { self.text = text }

        func peek(_ offset: Int = 0) -> Unicode.Scalar? {
            position + offset < text.count ? text[position + offset] : nil
        }

        mutating func run() -> SQLStatementShape {
            while let character = peek() {
                // Whitespace and comments keep the last name waiting for its "("; anything else ends it.
                let keepsName = character.properties.isWhitespace || (character == "-" && peek(1) == "-")
                    || (character == "/" && peek(1) == "*") || character == "("
                if !keepsName { lastName = nil }
                switch character {
                case "-" where peek(1) == "-":
                    while let c = peek(), c != "\n" { position += 1 }
                case "/" where peek(1) == "*":
                    skipBlockComment()
                case ";":
                    finishStatement()
                    position += 1
                case "'":
                    let escapes = position > 0 && (text[position - 1] == "E" || text[position - 1] == "e")
                        && (position < 2 || !isIdentifierCharacter(text[position - 2]))
                    markContent { $0.skipQuoted("'", backslashEscapes: escapes) }
                case "\"":
                    let start = position
                    markContent { $0.skipQuoted("\"", backslashEscapes: false) }
                    lastName = String(String.UnicodeScalarView(text[(start + 1)..<max(start + 1, position - 1)]))
                        .replacingOccurrences(of: "\"\"", with: "\"")
                    continue
                case "$":
                    markContent { $0.dollar() }
                case "(":
                    if let name = lastName { calledNames.insert(name) }
                    lastName = nil
                    markContent { $0.position += 1 }
                case _ where isIdentifierStart(character):
                    let start = position
                    markContent { scanner in
                        while let c = scanner.peek(), scanner.isIdentifierCharacter(c) { scanner.position += 1 }
                    }
                    lastName = String(String.UnicodeScalarView(text[start..<position])).lowercased()
                    continue
                default:
                    if !character.properties.isWhitespace {
                        markContent { $0.position += 1 }
                    } else {
                        position += 1
                    }
                }
            }
            finishStatement()
            let trimmed = String(String.UnicodeScalarView(text[0..<lastContentEnd]))
            return SQLStatementShape(statementCount: statementCount, highestParameter: highestParameter, trimmed: trimmed,
                                     unterminated: unterminated, calledNames: calledNames)
        }

        mutating func markContent(_ advance: (inout Scanner) -> Void) {
            currentHasContent = true
            advance(&self)
            lastContentEnd = position
        }

        mutating func finishStatement() {
            if currentHasContent { statementCount += 1 }
            currentHasContent = false
        }

        mutating func skipBlockComment() {
            var depth = 0
            while position < text.count {
                if peek() == "/" && peek(1) == "*" { depth += 1; position += 2; continue }
                if peek() == "*" && peek(1) == "/" {
                    depth -= 1; position += 2
                    if depth == 0 { return }
                    continue
                }
                position += 1
            }
            unterminated = "a /* comment"
        }

        mutating func skipQuoted(_ quote: Unicode.Scalar, backslashEscapes: Bool) {
            position += 1
            while let c = peek() {
                // A backslash at the very end escapes nothing: stop at the end of the text.
                if backslashEscapes && c == "\\" { position = min(position + 2, text.count); continue }
                position += 1
                if c == quote {
                    if peek() == quote { position += 1; continue }  // doubled quote inside
                    return
                }
            }
            unterminated = quote == "'" ? "a quoted string" : "a quoted identifier"
        }

        /// `$n` parameter, `$tag$ … $tag$` dollar quote, or a `$` inside an identifier.
        mutating func dollar() {
            let start = position
            if start > 0 && isIdentifierCharacter(text[start - 1]) { position += 1; return }
            var end = start + 1
            if end < text.count, text[end].properties.numericType != nil, ("0"..."9").contains(text[end]) {
                var number = 0
                while end < text.count, ("0"..."9").contains(text[end]) {
                    number = min(number * 10 + Int(text[end].value - 48), 1_000_000)
                    end += 1
                }
                highestParameter = max(highestParameter, number)
                position = end
                return
            }
            // A tag is letters, digits (not first) and underscores; `$$` has an empty one.
            while end < text.count, text[end] != "$", isIdentifierCharacter(text[end]),
                  !("0"..."9").contains(text[end]) || end > start + 1 {
                end += 1
            }
            guard end < text.count, text[end] == "$" else { position += 1; return }
            let tag = Array(text[start...end])
            position = end + 1
            while position < text.count {
                if text[position] == "$", position + tag.count <= text.count, Array(text[position..<position + tag.count]) == tag {
                    position += tag.count
                    return
                }
                position += 1
            }
            unterminated = "a dollar-quoted string"
        }

        /// A letter or underscore outside a dollar quote begins a name (`E'…'` is handled above).
        func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
            (c == "_" || c.properties.isAlphabetic) && !(peekIsEscapeStringPrefix(c))
        }

        /// `E'` / `e'`: the quote case must see the `E` as the previous character.
        func peekIsEscapeStringPrefix(_ c: Unicode.Scalar) -> Bool {
            (c == "E" || c == "e") && peek(1) == "'"
        }

        func isIdentifierCharacter(_ c: Unicode.Scalar) -> Bool {
            c == "_" || c == "$" || c.properties.isAlphabetic || ("0"..."9").contains(c)
        }
    }
}
