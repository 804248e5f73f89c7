/// What a statement's program reads, from plain `EXPLAIN` (never run): the tables it opens (the
/// truth that an alias guessed from the text is checked against) and the b-trees whose loops a
/// LIMIT ends early.
struct ProgramReads {
    /// Tables of `main` whose own b-tree is opened, in program order, one entry per open.
    var opened: [String] = []
    /// Root pages (of `main`) read only by loops that a LIMIT leaves after a few rows and that
    /// never skip a row: `ORDER BY id DESC LIMIT 1` reads one row, not the b-tree.
    var limitedRoots: Set<Int64> = []
}

enum OpenedTables {
    /// Opcodes that open a b-tree cursor on a stored table or index (p2 = root page, p3 = schema).
    private static let openOpcodes: Set<String> = ["OpenRead", "OpenWrite", "ReopenIdx"]
    /// OPFLAG_P2ISREG: p2 is a register holding the root page, not the root page itself.
    private static let p2IsRegister: Int64 = 0x10

    struct Instruction: Equatable {
        var opcode: String
        var p1: Int64
        var p2: Int64
        var p3: Int64
        var p5: Int64
    }

    /// Index b-trees are left out of `opened`: a loop over a non-covering index opens its table
    /// too, and a covering index names its table exactly, so counting them would only add duplicates.
    static func load(_ statementText: String, schema: SchemaNames, connection: Connection) throws -> ProgramReads {
        let program = try connection.prepare("EXPLAIN " + withoutExplainQueryPlan(statementText))
        var instructions: [Instruction] = []
        // Columns: addr, opcode, p1, p2, p3, p4, p5, comment.
        while try program.step() {
            instructions.append(Instruction(opcode: program.string(1) ?? "", p1: program.int64(2), p2: program.int64(3),
                                            p3: program.int64(4), p5: program.int64(6)))
        }
        var reads = ProgramReads()
        for instruction in instructions where isOpenOfMain(instruction) {
            if let table = schema.tableRoots[instruction.p2] { reads.opened.append(table) }
        }
        reads.limitedRoots = limitedRoots(instructions)
        return reads
    }

    private static func isOpenOfMain(_ instruction: Instruction) -> Bool {
        openOpcodes.contains(instruction.opcode) && instruction.p3 == 0 && instruction.p5 & p2IsRegister == 0
    }

    /// The engine's own program decides whether a LIMIT ends a loop: a loop (`Next`/`Prev` back
    /// to its body) is limited when its body holds the LIMIT counter's `DecrJumpZero` jumping out
    /// of the loop, and no instruction of the body jumps to the loop's `Next` (a filter or an
    /// OFFSET skipping a row; a register operand equal to that address also counts, which only
    /// errs towards "whole read"). A root is limited when every loop over it is.
    static func limitedRoots(_ program: [Instruction]) -> Set<Int64> {
        var cursorRoot: [Int64: Int64] = [:]
        for instruction in program where isOpenOfMain(instruction) { cursorRoot[instruction.p1] = instruction.p2 }
        var verdicts: [Int64: Bool] = [:]
        for (address, instruction) in program.enumerated() where instruction.opcode == "Next" || instruction.opcode == "Prev" {
            guard let root = cursorRoot[instruction.p1], instruction.p2 >= 0, Int(instruction.p2) < address else { continue }
            let body = program[Int(instruction.p2)..<address]
            let exitsOnLimit = body.contains { $0.opcode == "DecrJumpZero" && $0.p2 > Int64(address) }
            let skipsRows = body.contains { $0.p2 == Int64(address) }
            verdicts[root] = (verdicts[root] ?? true) && exitsOnLimit && !skipsRows
        }
        return Set(verdicts.filter(\.value).keys)
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
