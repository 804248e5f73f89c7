/// The tables a statement's program opens, read from plain `EXPLAIN` (never run): the truth that
/// an alias guessed from the text is checked against.
enum OpenedTables {
    /// Opcodes that open a b-tree cursor on a stored table or index (p2 = root page, p3 = schema).
    private static let openOpcodes: Set<String> = ["OpenRead", "OpenWrite", "ReopenIdx"]
    /// OPFLAG_P2ISREG: p2 is a register holding the root page, not the root page itself.
    private static let p2IsRegister: Int64 = 0x10

    /// Tables of `main` whose own b-tree is opened, in program order, one entry per open.
    /// Index b-trees are left out: a loop over a non-covering index opens its table too, and a
    /// covering index names its table exactly, so counting them would only add duplicates.
    static func load(_ statementText: String, schema: SchemaNames, connection: Connection) throws -> [String] {
        let program = try connection.prepare("EXPLAIN " + withoutExplainQueryPlan(statementText))
        var opened: [String] = []
        while try program.step() {
            // Columns: addr, opcode, p1, p2, p3, p4, p5, comment.
            guard let opcode = program.string(1), openOpcodes.contains(opcode), program.int64(4) == 0,
                  program.int64(6) & p2IsRegister == 0,
                  let table = schema.tableRoots[program.int64(3)] else { continue }
            opened.append(table)
        }
        return opened
    }

    /// `/* c */ explain query plan SELECT …` → `SELECT …`; any other text as it is.
    static func withoutExplainQueryPlan(_ sql: String) -> String {
        let chars = Array(sql)
        var index = 0
        for keyword in ["EXPLAIN", "QUERY", "PLAN"] {
            while index < chars.count {
                if chars[index].isWhitespace { index += 1; continue }
                if chars[index] == "-" || chars[index] == "/", let end = SQLScanner.skipOpaque(chars, at: index) {
                    index = end
                    continue
                }
                break
            }
            let end = index + keyword.count
            guard end <= chars.count, String(chars[index..<end]).uppercased() == keyword,
                  end == chars.count || !(chars[end].isLetter || chars[end].isNumber || chars[end] == "_") else { return sql }
            index = end
        }
        return String(chars[index...])
    }
}
