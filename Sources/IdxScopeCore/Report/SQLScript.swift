/// Splits a script into statements at top-level `;`, honouring quotes, comments and
/// PostgreSQL dollar quotes (through `SQLLexer`), and remembers the line each statement starts on.
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

    /// The statements of `script` at top-level `;` (SQLLexer's tokens: no `;` in a quote or
    /// comment splits), each with the line of its first code token.
    public static func split(_ script: String, dialect: SQLDialect? = nil) -> [Statement] {
        let chars = Array(script)
        var statements: [Statement] = []
        var start = 0
        var startLine: Int?
        var line = 1
        var codeSeen = false
        var trigger = TriggerBody()
        func flush(upTo end: Int) {
            let text = String(chars[start..<end]).trimmingCharacters(in: .whitespacesAndNewlines)
            if codeSeen, let startLine { statements.append(Statement(text: text, line: startLine)) }
            codeSeen = false
            startLine = nil
            trigger = TriggerBody()
        }
        for token in SQLLexer.tokens(chars, dialect: dialect) {
            if token.kind == .symbol, chars[token.start] == ";", !trigger.isOpen {
                flush(upTo: token.start)
                start = token.end
                continue
            }
            if token.kind == .word { trigger.read(word: SQLLexer.text(chars, token)) }
            if token.isCode, startLine == nil {
                startLine = line
                codeSeen = true
            }
            line += chars[token.start..<token.end].reduce(0) { $0 + ($1 == "\n" || $1 == "\r\n" ? 1 : 0) }
        }
        flush(upTo: chars.count)
        return statements
    }

    /// Whether the statement read so far is a `CREATE TRIGGER … BEGIN` whose body has not
    /// reached its `END` yet: a `;` inside the body ends a body statement, not the trigger
    /// (SQLite's own rule, as in sqlite3_complete). Kept word by word as tokens arrive, so a
    /// long body costs linear time, not a rescan of the statement at every `;` (the fuzzer
    /// found 20,000 semicolons in a body taking minutes).
    struct TriggerBody {
        private var wordCount = 0
        private var startsCreate = false
        private var isTrigger = false
        private var sawBegin = false
        private var lastWord = ""

        mutating func read(word: String) {
            let upper = word.uppercased()
            wordCount += 1
            if wordCount == 1 { startsCreate = upper == "CREATE" }
            if wordCount <= 4 && upper == "TRIGGER" { isTrigger = true }
            if upper == "BEGIN" { sawBegin = true }
            lastWord = upper
        }

        var isOpen: Bool { startsCreate && isTrigger && sawBegin && lastWord != "END" }
    }

    /// `text` from its first code token (after white space and comments), read by the one lexer.
    public static func droppingLeadingComments(_ text: String) -> String {
        let chars = Array(text)
        guard let first = SQLLexer.tokens(chars, dialect: nil).first(where: \.isCode) else { return "" }
        return String(chars[first.start...])
    }

    /// The statement without `--` and `/* */` comments (for emptiness checks and display).
    public static func stripComments(_ text: String) -> String {
        let chars = Array(text)
        return SQLLexer.tokens(chars, dialect: nil).filter { !$0.isComment }.map { SQLLexer.text(chars, $0) }.joined()
    }
}
