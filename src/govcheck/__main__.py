from govcheck.cli import main

if __name__ == "__main__":  # a spawned -j worker imports this module again: it must not run the CLI
    main()
