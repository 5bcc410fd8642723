from okrctl.cli.app import main

main()
