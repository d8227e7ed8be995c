from calldiary.entry import main

main()
