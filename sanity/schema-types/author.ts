import {UserIcon} from '@sanity/icons'
import {defineField, defineType} from 'sanity'
import {isUniqueSlugPerType} from '../lib/validation'
import {requiredAlt} from './fields'

export const author = defineType({
  name: 'author',
  title: 'Author',
  type: 'document',
  icon: UserIcon,
  fields: [
    defineField({name: 'name', type: 'string', validation: (rule) => rule.required()}),
    defineField({
      name: 'slug',
      type: 'slug',
      options: {source: 'name', maxLength: 96, isUnique: isUniqueSlugPerType},
      validation: (rule) => rule.required(),
    }),
    defineField({
      name: 'email',
      type: 'string',
      description: 'The email this person signs in to the Studio with. Used only to credit them on new articles; never shown on the site.',
      validation: (rule) => rule.custom((value) => !value || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) || 'Enter an email address'),
    }),
    defineField({name: 'role', type: 'string', description: 'For example "Senior reporter, policy".'}),
    defineField({name: 'bio', type: 'text', rows: 4}),
    defineField({
      name: 'image',
      type: 'image',
      options: {hotspot: true},
      fields: [requiredAlt()],
    }),
  ],
  preview: {select: {title: 'name', subtitle: 'role', media: 'image'}},
})
