from okrctl.entry import main

main()
