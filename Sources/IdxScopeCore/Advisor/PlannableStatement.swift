/// Whether a statement is one a planner plans (SELECT, INSERT, UPDATE, DELETE, MERGE, VALUES,
/// TABLE, WITH …), by its first word; utility statements (SET, BEGIN, VACUUM, CREATE …) are not.
public enum PlannableStatement {
    static let plannable: Set<String> = ["SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "VALUES", "TABLE", "WITH"]

    public static func isPlannable(_ sql: String) -> Bool {
        let code = SQLScript.stripComments(sql).drop { $0.isWhitespace || $0 == "(" }
        let word = code.prefix { $0.isLetter }.uppercased()
        return plannable.contains(word)
    }
}
