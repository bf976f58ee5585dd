import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { MeetingComponent } from './app/meeting.component';

bootstrapApplication(MeetingComponent, { providers: [provideZonelessChangeDetection()] }).catch((e: unknown) => console.error(e));
