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

    public static func of(_ sql: String) -> SQLStatementShape {
        let chars = Array(sql)
        var shape = SQLStatementShape(statementCount: 0, highestParameter: 0, trimmed: "")
        var currentHasContent = false
        var lastContentEnd = 0
        for token in SQLLexer.tokens(chars, dialect: .postgresql) {
            if token.unterminated { shape.unterminated = unterminatedName(token.kind) }
            if token.kind == .symbol, chars[token.start] == ";" {
                if currentHasContent { shape.statementCount += 1 }
                currentHasContent = false
                continue
            }
            guard token.isCode else { continue }
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
