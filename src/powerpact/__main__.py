from powerpact.cli import main

main()
