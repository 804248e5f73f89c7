import IdxScopeCore

/// Reads SQL with `SQLLexer`'s PostgreSQL rules — quotes, dollar quotes, quoted identifiers and
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
        let chars = Array(sql)
        var shape = SQLStatementShape(statementCount: 0, highestParameter: 0, trimmed: "")
        var currentHasContent = false
        var lastContentEnd = 0
        // The name just read, until a code token other than "(" follows it.
        var lastName: String?
        for token in SQLLexer.tokens(chars, dialect: .postgresql) {
            if token.unterminated { shape.unterminated = unterminatedName(token.kind) }
            if token.kind == .symbol, chars[token.start] == ";" {
                if currentHasContent { shape.statementCount += 1 }
                currentHasContent = false
                lastName = nil
                continue
            }
            guard token.isCode else { continue }
            if token.kind == .symbol, chars[token.start] == "(", let name = lastName { shape.calledNames.insert(name) }
            switch token.kind {
            case .word: lastName = SQLLexer.text(chars, token).lowercased()
            case .quotedIdentifier where !token.unterminated:
                lastName = String(chars[(token.start + 1)..<(token.end - 1)]).replacingOccurrences(of: "\"\"", with: "\"")
            default: lastName = nil
            }
            if token.kind == .parameter {
                shape.highestParameter = max(shape.highestParameter, SQLLexer.parameterNumber(chars, token))
            }
            currentHasContent = true
            lastContentEnd = token.end
        }
        if currentHasContent { shape.statementCount += 1 }
        shape.trimmed = String(chars[0..<lastContentEnd])
        return shape
    }

    private static func unterminatedName(_ kind: SQLToken.Kind) -> String {
        switch kind {
        case .blockComment: return "a /* comment"
        case .string: return "a quoted string"
        case .quotedIdentifier: return "a quoted identifier"
        default: return "a dollar-quoted string"
        }
    }
}
