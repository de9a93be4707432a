use clap::Parser;

fn main() -> anyhow::Result<()> {
    let cli = mus_server::cli::Cli::parse();
    mus_server::telemetry::init();
    actix_web::rt::System::new().block_on(cli.run())
}
