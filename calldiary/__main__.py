from calldiary.cli import main

main()
