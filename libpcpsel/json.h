/* json.h - placeholder */
