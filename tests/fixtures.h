/* fixtures.h - named address bytes shared by packets and expectations */
#ifndef PCPSEL_FIXTURES_H
#define PCPSEL_FIXTURES_H
#endif
