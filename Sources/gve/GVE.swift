// GVE — the `gve` command: one CLI with a subcommand per role.
import ArgumentParser

@main
struct GVECommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gve",
        abstract: "The Grid Virtualization Engine: registry, site service, host agent and user tools.",
        subcommands: [UpCommand.self, VMCommand.self, JobCommand.self, QuotaCommand.self, ImagesCommand.self,
                      SitesCommand.self, HostsCommand.self, QueryCommand.self, BrokerCommand.self,
                      InfoSysCommand.self, SiteCommand.self, AdminCommand.self, AgentCommand.self, LDIFCommand.self]
    )
}
