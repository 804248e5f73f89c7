import IdxScopeCore
import XCTest

/// The one SQL lexer: each dialect's quoting and comment rules, and the kinds its users rely on.
final class SQLLexerTests: XCTestCase {
    private func kinds(_ sql: String, _ dialect: SQLDialect?) -> [(SQLToken.Kind, String)] {
        let chars = Array(sql)
        return SQLLexer.tokens(chars, dialect: dialect).filter { $0.kind != .space }.map { ($0.kind, SQLLexer.text(chars, $0)) }
    }

    func testQuotesAndCommentsPerDialect() {
        let sql = "SELECT [a;b], `c`, \"d\"\"e\", 'f''g' /* x /* y */ z */ -- end"
        let sqlite = kinds(sql, .sqlite)
        XCTAssertEqual(sqlite.map(\.0), [.word, .quotedIdentifier, .symbol, .quotedIdentifier, .symbol, .quotedIdentifier, .symbol,
                                         .string, .blockComment, .word, .symbol, .symbol, .lineComment])
        XCTAssertEqual(sqlite[8].1, "/* x /* y */", "SQLite's comments do not nest")
        let postgres = kinds(sql, .postgresql)
        XCTAssertEqual(postgres.first { $0.0 == .blockComment }?.1, "/* x /* y */ z */", "PostgreSQL's comments nest")
        XCTAssertEqual(postgres[1].0, .symbol, "[ is a subscript in PostgreSQL, not a quote")
    }

    func testPostgresStringsDollarQuotesAndParameters() {
        let tokens = kinds(#"SELECT E'it\'s;', $fn$ a; b $fn$, $$x$$, $12, a$1"#, .postgresql)
        XCTAssertEqual(tokens.filter { $0.0 == .string }.map(\.1), [#"E'it\'s;'"#])
        XCTAssertEqual(tokens.filter { $0.0 == .dollarString }.map(\.1), ["$fn$ a; b $fn$", "$$x$$"])
        XCTAssertEqual(tokens.filter { $0.0 == .parameter }.map(\.1), ["$12"])
        XCTAssertEqual(tokens.last?.0, .word, "a $ inside a word is part of it")
        XCTAssertEqual(kinds("SELECT E'x'", .sqlite).map(\.0), [.word, .word, .string], "SQLite has no E'' strings")
    }

    func testUnterminatedRunsAreMarked() {
        for (sql, kind) in [("SELECT 'abc", SQLToken.Kind.string), ("SELECT \"a", .quotedIdentifier), ("SELECT 1 /* a", .blockComment),
                            ("SELECT $q$ x", .dollarString)] {
            let last = SQLLexer.tokens(sql, dialect: .postgresql).last
            XCTAssertEqual(last?.kind, kind, sql)
            XCTAssertEqual(last?.unterminated, true, sql)
            XCTAssertEqual(last?.end, Array(sql).count, sql)
        }
    }

    func testScriptSplitterUsesTheLexer() {
        let statements = SQLScript.split("SELECT ';' -- ;\n, $$;$$;\r\n/* ; */ SELECT [x;y] FROM t;")
        XCTAssertEqual(statements.map(\.text), ["SELECT ';' -- ;\n, $$;$$", "/* ; */ SELECT [x;y] FROM t"])
        XCTAssertEqual(statements.map(\.line), [1, 3], "a CRLF is one line")
        XCTAssertEqual(SQLScript.stripComments("SELECT '--kept' -- gone"), "SELECT '--kept' ", "no comment inside a string")
    }
}
