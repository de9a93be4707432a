use clap::Parser;

/// jemalloc, not the platform's malloc, for every allocation in the
/// process, SQLite's included: glibc gives each thread that allocates (the
/// actix workers, the SQLite connections' threads, the password hashers)
/// an arena of its own and keeps what each once held. jemalloc's arenas are
/// few and give back what has been free for a second (`.cargo/config.toml`
/// builds its settings in; docs/QUALITY.md, *Startup and memory*).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> anyhow::Result<()> {
    let cli = mus_server::cli::Cli::parse();
    mus_server::telemetry::init();
    actix_web::rt::System::new().block_on(cli.run())
}
