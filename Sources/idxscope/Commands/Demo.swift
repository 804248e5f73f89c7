import ArgumentParser
import Foundation
import IdxScopeCore
import IdxScopeSQLite

/// `idxscope demo [PATH]`: writes the demo database and its workload (PATH with .sql).
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the demo SQLite database and its sample workload.")

    @Argument(help: "Where to write the database.")
    var path: String = "idxscope-demo.db"

    func run() throws {
        let workloadPath = (path as NSString).deletingPathExtension + ".sql"
        try DemoDatabase.write(to: path)
        guard FileManager.default.createFile(atPath: workloadPath, contents: Data(DemoDatabase.workload.utf8)) else {
            throw IdxScopeError(.input, "cannot write \(workloadPath)")
        }
        Console.write("wrote \(path) and \(workloadPath)\n")
        Console.write("try: idxscope \(path)    or: idxscope check \(path) --queries \(workloadPath)\n")
    }
}
