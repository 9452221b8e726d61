fn main() {
    let status = praxis::run(std::env::args_os());
    std::process::exit(status.code());
}
