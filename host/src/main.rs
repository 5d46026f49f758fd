//! The `warren` binary: parses the command line and hands it to [`warren::cli`].

fn main() -> std::process::ExitCode {
    warren::cli::main()
}
