from okrctl.cli.app import run

run()
